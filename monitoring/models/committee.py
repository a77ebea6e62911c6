"""The steering committee: partners, members, monthly meetings, decisions, action items,
regional notes and the monthly reports (DESIGN.md §1, mission 2)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from odco.calendar_files import Reply


class Partner(models.Model):
    """A programme partner (funder, bank, certification body, region…) and its role."""

    class Kind(models.TextChoices):
        FUNDER = "funder", _("funder or foundation")
        BANK = "bank", _("bank or microfinance")
        CERTIFICATION = "certification", _("certification body")
        REGION = "region", _("regional council")
        PUBLIC = "public", _("public programme")
        SUPPORT = "support", _("business support")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    role = models.TextField(_("role in the programme"), blank=True)
    website = models.URLField(_("website"), blank=True)
    published = models.BooleanField(_("named publicly"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SteeringCommittee(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommitteeMember(models.Model):
    """A member of the committee; one active member is its chair."""

    class Kind(models.TextChoices):
        ODCO = "odco", _("ODCO")
        DELEGATION = "delegation", _("regional delegation")
        PARTNER = "partner", _("partner")

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_memberships",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("represents"), max_length=12, choices=Kind.choices, default=Kind.ODCO)
    title = models.CharField(_("title"), max_length=150, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["-is_chair", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_member_once"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(is_chair=True, active=True),
                name="committee_one_chair",
                violation_error_message=_("A committee has one chair."),
            ),
        ]

    def __str__(self):
        return str(self.user)


class Meeting(models.Model):
    """A monthly meeting. Its status moves only through `committee_workflow.TRANSITIONS`."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held, minutes in draft")
        VALIDATED = "validated", _("minutes validated")
        CANCELLED = "cancelled", _("cancelled")

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("committee")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("place or link"), max_length=250, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # The calendar files' SEQUENCE: raised on every change that invited calendars must follow.
    calendar_sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes validated by"),
    )
    validated_at = models.DateTimeField(_("minutes validated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return self.title


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"), default=True)
    reply = models.CharField(_("reply"), max_length=12, choices=Reply.choices, default=Reply.NEEDS_ACTION)
    # The meeting's calendar revision last e-mailed to the member (none yet: null).
    invited_sequence = models.PositiveIntegerField(
        _("calendar revision sent"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        ordering = ["meeting_id", "member_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self):
        return f"{self.member} · {self.meeting}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting_id", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionItem(models.Model):
    """An action decided at a meeting. It stays on the agenda of the following meetings until
    it is closed (done or dropped)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    CLOSED = (Status.DONE, Status.DROPPED)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("raised at")
    )
    title = models.CharField(_("action"), max_length=250)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = [F("due_on").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=("done", "dropped"), closed_at__isnull=False)
                | Q(status__in=("open", "in_progress"), closed_at__isnull=True),
                name="action_closed_at_matches_status",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class RegionalNote(models.Model):
    """A delegation's short note on its region for one month, included in the monthly report."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("regional note")
        verbose_name_plural = _("regional notes")
        ordering = ["-month", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="regional_note_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="regional_note_first_of_month"),
        ]

    def __str__(self):
        return f"{self.region} · {self.month:%Y-%m}"


def monthly_report_path(instance, filename: str) -> str:
    return f"committee/reports/{instance.month:%Y}/{filename}"


class MonthlyReport(models.Model):
    """The committee's monthly report (one per month; regenerating replaces it)."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    file = models.FileField(_("PDF"), upload_to=monthly_report_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    summary = models.JSONField(_("figures"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_report_first_of_month")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"
