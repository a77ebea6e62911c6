"""One-to-one coaching of accompanied candidacies: coaches, assignments, sessions, actions,
and pitch simulations scored against a weighted rubric per phase."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Specialty(models.TextChoices):
    ESS = "ess", _("social and solidarity economy")
    COMMUNICATION = "communication", _("communication")
    PRESENTATION = "presentation", _("project presentation")
    FINANCE = "finance", _("finance")
    MARKETING = "marketing", _("marketing")
    QUALITY = "quality", _("quality and certification")
    DIGITAL = "digital", _("digital")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    AMAZIGH = "zgh", _("Amazigh")


class CoachProfile(models.Model):
    """A coaching expert: what they know, where they go, which languages they speak."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coach_profile",
        verbose_name=_("user"),
    )
    # Lists of `Specialty` and `Language` values: few, read together, ranked in Python.
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    regions = models.ManyToManyField(
        "regions.Region", related_name="coaches", blank=True, verbose_name=_("regions served")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How many candidacies this coach can follow at the same time."),
    )
    is_available = models.BooleanField(_("available for new assignments"), default=True)
    availability_note = models.CharField(
        _("availability"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Mondays and Thursdays, not in August"),
    )
    bio = models.TextField(_("profile"), blank=True)

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self):
        return str(self.user)

    def specialty_labels(self) -> list[str]:
        labels = dict(Specialty.choices)
        return [str(labels[s]) for s in self.specialties if s in labels]

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages if code in labels]

    def clean(self):
        errors = {}
        if not set(self.specialties or []) <= set(Specialty.values):
            errors["specialties"] = _("Choose specialties from the list.")
        if not set(self.languages or []) <= set(Language.values):
            errors["languages"] = _("Choose languages from the list.")
        if errors:
            raise ValidationError(errors)


class Assignment(models.Model):
    """A coach following one accompanied candidacy. The coaching window is the phase's dates."""

    candidacy = models.ForeignKey(
        "prizes.Candidacy",
        on_delete=models.PROTECT,
        related_name="coach_assignments",
        verbose_name=_("candidacy"),
    )
    coach = models.ForeignKey(
        CoachProfile, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("coach")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "coach"],
                name="coaching_assignment_unique",
                violation_error_message=_("This coach is already assigned to this candidacy."),
            ),
        ]
        indexes = [models.Index(fields=["coach", "is_active"], name="coaching_assign_coach_idx")]

    def __str__(self):
        return f"{self.coach} → {self.candidacy}"

    @property
    def window(self):
        """(starts_on, ends_on) of the candidacy's accompaniment phase, or None."""
        phase = getattr(self.candidacy.edition, "phase", None)
        return (phase.starts_on, phase.ends_on) if phase else None


class CoachingSession(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("assignment")
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    topics = models.CharField(_("topics"), max_length=255)
    # Between the coach and the coordinator: never shown to the cooperative.
    notes = models.TextField(_("private notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["assignment", "held_on"], name="coaching_session_date_idx")]

    def __str__(self):
        return f"{self.assignment.candidacy} · {self.held_on}"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(Decimal("0.01"))


class Action(models.Model):
    """Something agreed at a session, owned by the cooperative or the coach, due on a date."""

    class Owner(models.TextChoices):
        COOPERATIVE = "cooperative", _("the cooperative")
        COACH = "coach", _("the coach")

    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="actions", verbose_name=_("session")
    )
    # Denormalised from the session: the cooperative's space lists its actions in one query.
    candidacy = models.ForeignKey(
        "prizes.Candidacy", on_delete=models.PROTECT, related_name="coaching_actions", editable=False
    )
    title = models.CharField(_("action"), max_length=255)
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the daily overdue check (`actions_flag_overdue`), once per action.
    overdue_flagged_on = models.DateField(_("flagged overdue on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["candidacy", "done_at"], name="coaching_action_open_idx"),
            models.Index(
                fields=["due_on"], name="coaching_action_due_idx", condition=Q(done_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today) -> bool:
        return self.done_at is None and self.due_on < today


class Rubric(models.Model):
    """The pitch-simulation rubric of one phase: weighted criteria, each scored 0 to `scale`."""

    phase = models.OneToOneField(
        "prizes.Phase", on_delete=models.CASCADE, related_name="pitch_rubric", verbose_name=_("phase")
    )
    scale = models.PositiveSmallIntegerField(
        _("points per criterion"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    ready_at = models.PositiveSmallIntegerField(
        _("ready from (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The weighted score from which a candidacy is shown as ready for the jury."),
    )

    class Meta:
        verbose_name = _("pitch rubric")
        verbose_name_plural = _("pitch rubrics")

    def __str__(self):
        return str(_("Pitch rubric of %(phase)s") % {"phase": self.phase})

    @property
    def simulations_exist(self) -> bool:
        return PitchScore.objects.filter(criterion__rubric_id=self.pk).exists()


# The default criteria of a new rubric: code -> label (weights are equal by default).
DEFAULT_CRITERIA = (
    ("clarity", _("clarity of the problem and solution")),
    ("business_model", _("business model")),
    ("impact", _("impact")),
    ("financials", _("financials")),
    ("delivery", _("delivery and timing")),
)
DEFAULT_LABELS = dict(DEFAULT_CRITERIA)


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    # Empty for a default criterion: its translated label is shown instead.
    name = models.CharField(_("name"), max_length=150, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["rubric_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="coaching_criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="coaching_criterion_weight_positive"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(DEFAULT_LABELS.get(self.code, self.code))


class PitchSimulation(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="simulations", verbose_name=_("assignment")
    )
    # Denormalised: progression charts read every simulation of a candidacy, whoever coached it.
    candidacy = models.ForeignKey(
        "prizes.Candidacy", on_delete=models.PROTECT, related_name="pitch_simulations", editable=False
    )
    held_on = models.DateField(_("date"))
    feedback = models.TextField(_("written feedback"))
    recording_url = models.URLField(_("recording link"), blank=True)
    # The pitch deck version rehearsed, if the cooperative pitched from one.
    deck = models.ForeignKey(
        "coaching.PitchDeck",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="simulations",
        verbose_name=_("pitch deck rehearsed"),
    )
    # Weighted score in percent (0–100), computed by `simulation_record` from the scores.
    total = models.DecimalField(_("weighted score (%)"), max_digits=5, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pitch simulation")
        verbose_name_plural = _("pitch simulations")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="coaching_simulation_total_range"
            ),
        ]

    def __str__(self):
        return f"{self.candidacy} · {self.held_on}"


class PitchScore(models.Model):
    simulation = models.ForeignKey(PitchSimulation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("pitch score")
        verbose_name_plural = _("pitch scores")
        constraints = [
            models.UniqueConstraint(fields=["simulation", "criterion"], name="coaching_score_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="coaching_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


from .models_projects import (  # noqa: E402, F401
    CanvasBlock,
    CanvasVersion,
    FinancialPlan,
    PitchDeck,
    ProjectComment,
)
