"""Mentoring after the prize: mentors (inspiring structures or recognised ESS actors), each
laureate's needs, mentorships with objectives, meetings and a closing evaluation.

Expertise areas are coaching's specialties (`coaching.models.Specialty`) and languages are
coaching's languages, so a need found during coaching is a need a mentor can cover.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coaching.models import Language, Specialty


def _check_choices(values, allowed, field: str, message) -> dict:
    return {} if set(values or []) <= set(allowed) else {field: message}


class Mentor(models.Model):
    """An organisation or a person who mentors laureates, where they work and in what."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        PERSON = "person", _("person")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.ORGANISATION)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("presentation"), blank=True)
    # The mentor's own account (role `mentor`), if they log meetings themselves.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name=_("user account"),
    )
    regions = models.ManyToManyField(
        "regions.Region", related_name="mentors", blank=True, verbose_name=_("regions where they work")
    )
    provinces = models.ManyToManyField(
        "regions.Province",
        related_name="mentors",
        blank=True,
        verbose_name=_("prefectures and provinces where they work"),
    )
    sectors = models.ManyToManyField(
        "cooperatives.Sector", related_name="mentors", blank=True, verbose_name=_("sectors")
    )
    # Lists of `Specialty` and `Language` values, as on coach profiles.
    expertise = models.JSONField(_("expertise areas"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("The most laureates this mentor follows at the same time."),
    )
    is_available = models.BooleanField(_("available for new mentees"), default=True)
    availability_note = models.CharField(_("availability"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentoring_mentor_capacity_positive"),
        ]

    def __str__(self):
        return self.name

    def expertise_labels(self) -> list[str]:
        labels = dict(Specialty.choices)
        return [str(labels[code]) for code in self.expertise if code in labels]

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages if code in labels]

    def clean(self):
        errors = {
            **_check_choices(self.expertise, Specialty.values, "expertise", _("Choose areas from the list.")),
            **_check_choices(
                self.languages, Language.values, "languages", _("Choose languages from the list.")
            ),
        }
        if errors:
            raise ValidationError(errors)


class NeedsProfile(models.Model):
    """A laureate's needs for mentoring: expertise areas with a priority, and languages."""

    candidacy = models.OneToOneField(
        "prizes.Candidacy",
        on_delete=models.CASCADE,
        related_name="mentoring_needs",
        verbose_name=_("laureate"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("needs of a laureate")
        verbose_name_plural = _("needs of laureates")

    def __str__(self):
        return str(self.candidacy)

    def clean(self):
        errors = _check_choices(
            self.languages, Language.values, "languages", _("Choose languages from the list.")
        )
        if errors:
            raise ValidationError(errors)


class Need(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("high")
        MEDIUM = 2, _("medium")
        LOW = 3, _("low")

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered")
        COACHING = "coaching", _("coaching actions")
        PITCH = "pitch", _("pitch scores")

    profile = models.ForeignKey(NeedsProfile, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("expertise area"), max_length=20, choices=Specialty.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["profile_id", "priority", "area"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "area"], name="mentoring_need_unique_area"),
        ]

    def __str__(self):
        return f"{self.get_area_display()} ({self.get_priority_display()})"


class Mentorship(models.Model):
    """A mentor following one laureate. Its status moves only through
    `mentoring.services.mentorship_transition`, following `mentoring.workflow`."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("mentor")
    )
    candidacy = models.ForeignKey(
        "prizes.Candidacy", on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("laureate")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    # The match as the coordinator saw it: total and the explanation of each part.
    score = models.DecimalField(_("match score"), max_digits=5, decimal_places=1, default=0)
    explanation = models.JSONField(_("why this match"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # A laureate has at most one running mentorship (confirmed or active).
            models.UniqueConstraint(
                fields=["candidacy"],
                condition=Q(status__in=["confirmed", "active"]),
                name="mentoring_one_running_per_laureate",
                violation_error_message=_("This laureate already has a mentor."),
            ),
            models.UniqueConstraint(
                fields=["candidacy", "mentor"],
                condition=Q(status="proposed"),
                name="mentoring_one_proposal_per_pair",
                violation_error_message=_("This mentor is already proposed to this laureate."),
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"], name="mentoring_mentor_status_idx")]

    def __str__(self):
        return f"{self.mentor} → {self.candidacy.candidate_name}"

    def explanation_parts(self) -> list:
        """The stored match parts, explained in the current language."""
        from decimal import Decimal

        from .matching import ScorePart

        return [
            ScorePart(p["key"], Decimal(p["points"]), p["out_of"], p["level"], p.get("params", {}))
            for p in self.explanation or []
        ]


class Objective(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=255)
    target_date = models.DateField(_("target date"))
    # Latest progress reported at a meeting, in percent.
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="mentoring_objective_progress_range"),
        ]

    def __str__(self):
        return self.title


class Meeting(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    topics = models.CharField(_("topics"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.mentorship} · {self.held_on}"


class ObjectiveProgress(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="progress_reports")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="reports")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = _("progress on an objective")
        verbose_name_plural = _("progress on objectives")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "objective"], name="mentoring_progress_unique"),
        ]

    def __str__(self):
        return f"{self.objective}: {self.progress}%"


class Evaluation(models.Model):
    """The closing evaluation, one by each side."""

    class Side(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        MENTEE = "mentee", _("laureate")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="evaluations")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating (1 to 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closing evaluation")
        verbose_name_plural = _("closing evaluations")
        ordering = ["mentorship_id", "side"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "side"], name="mentoring_one_evaluation_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="mentoring_evaluation_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.mentorship} · {self.get_side_display()}"
