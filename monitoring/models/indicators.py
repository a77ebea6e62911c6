"""Indicators as data, and each cooperative's baselines and targets per period."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized

from ..periods import FREQUENCY_CHOICES, QUARTERLY, Period


class Breakdown(models.TextChoices):
    """What one value of a report counts. TOTAL is stored for every indicator."""

    TOTAL = "total", _("total")
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    YOUNG = "young", _("young")
    NOT_YOUNG = "not_young", _("not young")


class Indicator(models.Model):
    """A key performance indicator of the follow-up (the default set comes by migration)."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("number")
        MONEY = "money", _("amount in MAD")
        PERCENTAGE = "percentage", _("percentage")
        YES_NO = "yes_no", _("yes / no")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    unit_fr = models.CharField(_("unit (French)"), max_length=40, blank=True)
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)
    by_gender = models.BooleanField(_("broken down by gender"), default=False)
    by_youth = models.BooleanField(_("broken down by youth"), default=False)
    # Values are whole numbers (members, jobs) unless decimals are allowed (amounts, hours).
    decimals = models.BooleanField(_("decimals allowed"), default=False)
    min_value = models.DecimalField(_("minimum"), max_digits=18, decimal_places=2, default=Decimal("0"))
    max_value = models.DecimalField(_("maximum"), max_digits=18, decimal_places=2, null=True, blank=True)
    # A change from the previous period larger than this share asks for confirmation (0.5 = 50%).
    jump_share = models.DecimalField(
        _("change asking for confirmation"), max_digits=6, decimal_places=2, default=Decimal("0.50")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_ordered",
                violation_error_message=_("The maximum cannot be below the minimum."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)

    @property
    def unit(self) -> str:
        return localized(self.unit_fr, self.unit_ar)

    @property
    def breakdowns(self) -> tuple[tuple[str, str], ...]:
        """The parts entered for this indicator, in pairs that add up to the total."""
        parts = []
        if self.by_gender:
            parts += [Breakdown.WOMEN, Breakdown.MEN]
        if self.by_youth:
            parts += [Breakdown.YOUNG, Breakdown.NOT_YOUNG]
        return tuple(parts)

    @property
    def entered_breakdowns(self) -> tuple[str, ...]:
        """What the form asks for: the parts when there are any, else the total."""
        return self.breakdowns or (Breakdown.TOTAL,)

    def clean(self):
        if self.kind == self.Kind.PERCENTAGE and self.max_value is None:
            self.max_value = Decimal("100")
        if self.kind == self.Kind.YES_NO:
            self.min_value, self.max_value, self.decimals = Decimal("0"), Decimal("1"), False
            if self.by_gender or self.by_youth:
                raise ValidationError({"kind": _("A yes/no indicator cannot be broken down.")})


class IndicatorTarget(models.Model):
    """A cooperative's baseline and target for one indicator and period."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="indicator_targets",
        verbose_name=_("cooperative"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("baseline and target")
        verbose_name_plural = _("baselines and targets")
        ordering = ["cooperative_id", "indicator__order", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "indicator", "period_start"], name="indicator_target_unique_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.period}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.frequency)
