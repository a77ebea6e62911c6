"""The jury of an edition: members, rubric, conflicts of interest, scores and deliberation."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized


class JuryMember(models.Model):
    edition = models.ForeignKey(
        "prizes.Edition", on_delete=models.CASCADE, related_name="jury_members", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_seats",
        verbose_name=_("jury member"),
    )
    is_president = models.BooleanField(_("jury president"), default=False)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["edition_id", "-is_president", "user__email"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="jury_member_unique")]

    def __str__(self):
        return f"{self.user} · {self.edition}"


class Criterion(models.Model):
    """A weighted criterion of an edition's scoring rubric; scores go from 0 to `max_points`."""

    edition = models.ForeignKey(
        "prizes.Edition", on_delete=models.CASCADE, related_name="criteria", verbose_name=_("edition")
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=10, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_max_points_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)


class ConflictOfInterest(models.Model):
    """A juror's declaration: that juror may not score that candidacy."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("jury member")
    )
    candidacy = models.ForeignKey(
        "prizes.Candidacy", on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("candidacy")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["juror", "candidacy"], name="conflict_unique")]

    def __str__(self):
        return f"{self.juror} · {self.candidacy}"


class Score(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("jury member")
    )
    candidacy = models.ForeignKey(
        "prizes.Candidacy", on_delete=models.CASCADE, related_name="scores", verbose_name=_("candidacy")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["candidacy_id", "juror_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["juror", "candidacy", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"

    def clean(self):
        if self.criterion_id and self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError(
                {"points": _("At most %(max)s points.") % {"max": self.criterion.max_points}}
            )


class Deliberation(models.Model):
    """Staff's confirmation of an edition's laureates after the jury, with its minutes."""

    edition = models.OneToOneField(
        "prizes.Edition", on_delete=models.CASCADE, related_name="deliberation", verbose_name=_("edition")
    )
    minutes = models.TextField(_("minutes"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    ranking = models.JSONField(_("ranking at confirmation"), default=list)

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")

    def __str__(self):
        return str(self.edition)
