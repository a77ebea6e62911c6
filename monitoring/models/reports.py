"""Cooperatives in follow-up, their periodic reports, the values reported and evidence files.

A report's status moves only through `monitoring.services.report_transition` following the
table in `monitoring.workflow`; an approved report is locked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..periods import FREQUENCY_CHOICES, QUARTERLY, Period
from .indicators import Breakdown, Indicator


class FollowUp(models.Model):
    """A cooperative followed after the prize (a laureate, or a cooperative ODCO adds)."""

    cooperative = models.OneToOneField(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("cooperative"),
    )
    edition = models.ForeignKey(
        "prizes.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The prize edition the cooperative won, if any."),
    )
    starts_on = models.DateField(_("follow-up starts on"))
    ends_on = models.DateField(_("follow-up ends on"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["cooperative_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="follow_up_dates_ordered",
                violation_error_message=_("The follow-up must end after it starts."),
            ),
        ]

    def __str__(self):
        return str(self.cooperative)


class PeriodicReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VALIDATED = "validated", _("validated by the delegation")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="periodic_reports",
        verbose_name=_("cooperative"),
    )
    period_start = models.DateField(_("period"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=QUARTERLY)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    comments = models.TextField(_("comments"), blank=True)
    # The last reviewer's comment when the report was returned.
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_start", "cooperative_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "frequency", "period_start"],
                name="report_one_per_cooperative_and_period",
                violation_error_message=_("This cooperative already has a report for this period."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="report_status_due_idx"),
            models.Index(fields=["period_start", "status"], name="report_period_status_idx"),
        ]

    def __str__(self):
        return f"{self.cooperative.name} · {self.period}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.frequency)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportValue(models.Model):
    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=10, choices=Breakdown.choices, default=Breakdown.TOTAL
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    # Set when the reporter confirmed a large change from the previous period.
    jump_confirmed = models.BooleanField(_("large change confirmed"), default=False)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["report_id", "indicator__order", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "breakdown"], name="report_value_unique_breakdown"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}/{self.breakdown} = {self.value}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Never the uploaded name: a random name under the report (served by a checked view only).
    import uuid
    from pathlib import Path

    suffix = Path(filename).suffix.lower()[:8]
    return f"monitoring/evidence/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report_id", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
