"""Roll-ups: one row per cooperative, indicator and period, from approved reports only.

Written by `monitoring.services.rollups` when a report is approved (and when a target
changes), never by hand. Region, sector and edition are copied here so that every dashboard
figure is one aggregate query on this table, whatever the size of the registry.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..periods import FREQUENCY_CHOICES, QUARTERLY
from .indicators import Indicator


class IndicatorRollup(models.Model):
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperative")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="rollups", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    sector = models.ForeignKey(
        "cooperatives.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    edition = models.ForeignKey(
        "prizes.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    prize = models.ForeignKey(
        "prizes.Prize",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prize"),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    women = models.DecimalField(_("women"), max_digits=18, decimal_places=2, null=True, blank=True)
    men = models.DecimalField(_("men"), max_digits=18, decimal_places=2, null=True, blank=True)
    young = models.DecimalField(_("young"), max_digits=18, decimal_places=2, null=True, blank=True)
    not_young = models.DecimalField(_("not young"), max_digits=18, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, null=True, blank=True)
    report = models.ForeignKey(
        "monitoring.PeriodicReport", on_delete=models.CASCADE, related_name="+", verbose_name=_("report")
    )

    class Meta:
        verbose_name = _("indicator roll-up")
        verbose_name_plural = _("indicator roll-ups")
        ordering = ["period_start", "indicator_id", "cooperative_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "indicator", "period_start"], name="rollup_unique_period"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_start", "region"], name="rollup_indicator_period_idx"),
            models.Index(fields=["region", "indicator", "period_start"], name="rollup_region_idx"),
        ]

    def __str__(self):
        return f"{self.cooperative_id}/{self.indicator_id}/{self.period_start:%Y-%m} = {self.value}"


class IndicatorAreaRollup(models.Model):
    """The per-cooperative roll-up summed per region, sector, edition, indicator and period.

    A few thousand rows at national scale (12 regions × sectors × editions × indicators ×
    periods) where `IndicatorRollup` has millions: the committee and delegation dashboards
    read their figures here. Written only by `monitoring.services.rollups`, in the same calls
    that write `IndicatorRollup`; sums and counts only, so every dashboard figure (sums,
    averages, targets) is derived exactly as from the per-cooperative rows.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    sector = models.ForeignKey(
        "cooperatives.Sector", on_delete=models.CASCADE, related_name="+", verbose_name=_("sector")
    )
    edition = models.ForeignKey(
        "prizes.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    prize = models.ForeignKey(
        "prizes.Prize",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prize"),
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=2)
    women = models.DecimalField(_("women"), max_digits=24, decimal_places=2, null=True, blank=True)
    men = models.DecimalField(_("men"), max_digits=24, decimal_places=2, null=True, blank=True)
    young = models.DecimalField(_("young"), max_digits=24, decimal_places=2, null=True, blank=True)
    not_young = models.DecimalField(_("not young"), max_digits=24, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=24, decimal_places=2, null=True, blank=True)
    value_with_target = models.DecimalField(
        _("value where a target exists"), max_digits=24, decimal_places=2, null=True, blank=True
    )
    reporting = models.PositiveIntegerField(_("cooperatives reporting"))
    with_target = models.PositiveIntegerField(_("cooperatives with a target"))

    class Meta:
        verbose_name = _("indicator roll-up by area")
        verbose_name_plural = _("indicator roll-ups by area")
        ordering = ["period_start", "indicator_id", "region_id", "sector_id"]
        indexes = [
            models.Index(fields=["frequency", "period_start", "indicator"], name="area_rollup_period_idx"),
            models.Index(fields=["region", "sector", "period_start"], name="area_rollup_area_idx"),
        ]

    def __str__(self):
        return (
            f"{self.region_id}/{self.sector_id}/{self.indicator_id}/{self.period_start:%Y-%m} = {self.value}"
        )
