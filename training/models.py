"""Regional training of a phase: modules, sessions, enrolment, attendance and evaluations.

Kit contents, deliveries, certificates and calendar feeds live in `training/models_kit.py`
(imported at the bottom) to keep each module short.
"""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from odco.calendar_files import Reply
from odco.i18n import localized


class TrainingModule(models.Model):
    """A module of the catalogue: the six mandated topics and pitching, and any added later."""

    class Topic(models.TextChoices):
        FINANCING = "financing", _("financing")
        MARKET_ACCESS = "market_access", _("market access")
        E_MARKETING = "e_marketing", _("e-marketing")
        QUALITY = "quality", _("quality")
        CERTIFICATION = "certification", _("certification")
        PARTNER_PROSPECTING = "partner_prospecting", _("partner prospecting")
        PITCHING = "pitching", _("pitching")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, default=Topic.OTHER)
    title_fr = models.CharField(_("title (French)"), max_length=150)
    title_ar = models.CharField(_("title (Arabic)"), max_length=150)
    objectives = models.TextField(_("objectives"))
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    materials = models.TextField(_("materials"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="training_module_duration_positive"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self.title_fr, self.title_ar)


class PhaseTraining(models.Model):
    """The training side of a phase: its attendance rule and its closure.

    A phase's training cannot be closed while a region has no session, unless ODCO staff
    record why (`training.services.phase_training_close`).
    """

    phase = models.OneToOneField(
        "prizes.Phase", on_delete=models.CASCADE, related_name="training", verbose_name=_("phase")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance for a certificate (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of a participant's sessions attended (present or late) to earn a certificate."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    missing_regions_reason = models.TextField(_("why some regions have no session"), blank=True)

    class Meta:
        verbose_name = _("phase training")
        verbose_name_plural = _("phase trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__gte=1, min_attendance_percent__lte=100),
                name="phase_training_attendance_percent_range",
            )
        ]

    def __str__(self):
        return str(self.phase)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class TrainingSession(models.Model):
    """A regional session of a phase. Its status moves only through
    `training.services.session_transition`, following `training.workflow`."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        HELD = "held", _("held")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    phase = models.ForeignKey(
        "prizes.Phase", on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("phase")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("region")
    )
    modules = models.ManyToManyField(TrainingModule, related_name="sessions", verbose_name=_("modules"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    hours = models.DecimalField(
        _("training hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Hours of training counted on certificates."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="training_sessions", blank=True, verbose_name=_("trainers")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The calendar files' SEQUENCE: raised on every change that invited calendars must follow.
    calendar_sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # Seeds the rotating self check-in code (`training.checkin`); never shown.
    checkin_secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_session_hours_positive"),
        ]
        indexes = [
            models.Index(fields=["phase", "region", "status"], name="training_session_coverage_idx"),
            models.Index(fields=["region", "starts_at"], name="training_session_calendar_idx"),
        ]

    def __str__(self):
        return f"{self.region} · {self.starts_at:%Y-%m-%d}"

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The session must end after it starts.")
            elif self.ends_at - self.starts_at > timedelta(days=5):
                errors["ends_at"] = _("A session lasts at most five days.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Give a venue or an online link.")
        if errors:
            raise ValidationError(errors)


class Enrolment(models.Model):
    """A participant (a person of an accompanied cooperative) enrolled in a session."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        "cooperatives.Member",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    # Denormalised from the participant for scoping and the coverage counts.
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="training_enrolments",
        verbose_name=_("cooperative"),
    )
    candidacy = models.ForeignKey(
        "prizes.Candidacy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_enrolments",
        verbose_name=_("candidacy"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # The session's calendar revision last e-mailed to this enrolment's cooperative.
    invited_sequence = models.PositiveIntegerField(_("calendar revision sent"), default=0, editable=False)
    # The cooperative's answer to the invitation for this participant (`enrolment_reply`);
    # shown as the PARTSTAT of the cooperative's ATTENDEE in the calendar files.
    reply = models.CharField(_("reply"), max_length=12, choices=Reply.choices, default=Reply.NEEDS_ACTION)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session_id", "participant__last_name", "participant__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                name="enrolment_unique_participant",
                violation_error_message=_("This participant is already enrolled in this session."),
            )
        ]

    def __str__(self):
        return f"{self.participant} · {self.session}"


class Attendance(models.Model):
    """The roll call of one enrolment: present, absent or late, by the trainer or self check-in."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LATE = "late", _("late")
        ABSENT = "absent", _("absent")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("roll call")
        SELF_CHECK_IN = "self_check_in", _("self check-in")

    # Statuses that count towards the attendance rule.
    ATTENDED = frozenset({Status.PRESENT, Status.LATE})

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    method = models.CharField(
        _("recorded by"), max_length=16, choices=Method.choices, default=Method.ROLL_CALL
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return self.get_status_display()


class Evaluation(models.Model):
    """Pre- and post-session quiz scores (out of 100) and a satisfaction rating (1 to 5)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("enrolment")
    )
    pre_score = models.PositiveSmallIntegerField(
        _("pre-session quiz (/100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-session quiz (/100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__lte=100), name="evaluation_pre_score_range"
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__lte=100),
                name="evaluation_post_score_range",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="evaluation_satisfaction_range",
            ),
        ]

    def __str__(self):
        return str(self.enrolment)


from .models_kit import CalendarFeed, Certificate, KitDelivery, KitItem  # noqa: E402, F401
