"""The two national prizes as a programme: editions, phases, candidacies and eligibility rules.

Concept notes and the jury live in `prizes/models_notes.py` and `prizes/models_jury.py`
(imported at the bottom) to keep each module short.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from odco.i18n import localized

DEFAULT_AWARD = Decimal("50000.00")
DEFAULT_PHASE_DAYS = 45


class Prize(models.Model):
    """One of the two national prizes (created by a data migration)."""

    LALLA_AL_MOUTAAOUINA = "lalla_al_moutaaouina"
    GENERATION_SOLIDAIRE = "generation_solidaire"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    audience = models.CharField(_("for"), max_length=200, blank=True)
    since_year = models.PositiveSmallIntegerField(_("since"))

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["since_year", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)


class Edition(models.Model):
    """A prize's yearly edition: its call, award, categories, rules, phase, jury and laureates."""

    class Stage(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        CALL = "call", _("call for candidacies")
        SELECTION = "selection", _("selection")
        ACCOMPANIMENT = "accompaniment", _("accompaniment")
        JURY = "jury", _("jury")
        CLOSED = "closed", _("closed")

    prize = models.ForeignKey(
        Prize, on_delete=models.PROTECT, related_name="editions", verbose_name=_("prize")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("edition number"), default=1)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARATION)
    call_opens_on = models.DateField(_("call opens on"))
    call_closes_on = models.DateField(_("call closes on"))
    award_amount = models.DecimalField(
        _("award per laureate (MAD)"),
        max_digits=12,
        decimal_places=2,
        default=DEFAULT_AWARD,
        validators=[MinValueValidator(Decimal("0"))],
    )
    laureates_planned = models.PositiveSmallIntegerField(_("number of laureates"), default=30)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year", "prize__since_year"]
        constraints = [
            models.UniqueConstraint(fields=["prize", "year"], name="prize_edition_unique_year"),
            models.CheckConstraint(
                condition=Q(call_closes_on__gte=F("call_opens_on")),
                name="edition_call_dates_ordered",
                violation_error_message=_("The call cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.prize} {self.year}"

    def clean(self):
        if self.call_opens_on and self.call_closes_on and self.call_closes_on < self.call_opens_on:
            raise ValidationError({"call_closes_on": _("The call cannot close before it opens.")})


class Category(models.Model):
    """A category of candidates within an edition (Génération solidaire has two)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition")
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    requires_cooperative = models.BooleanField(
        _("requires a registered cooperative"),
        default=True,
        help_text=_("Unticked for project holders who have no cooperative yet."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["edition_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="category_unique_code")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_ar)


class EligibilityRule(models.Model):
    """One eligibility rule of an edition, as data (see `prizes.eligibility` for the engine).

    Shares are fractions (0.5 = 50%); ages and years of existence are whole years counted at
    the call's closing date. A rule without a category applies to every category.
    """

    class Kind(models.TextChoices):
        REGISTRY_ACTIVE = "registry_active", _("active in the registry")
        MIN_WOMEN_SHARE = "min_women_share", _("minimum share of women members")
        MIN_YOUNG_SHARE = "min_young_share", _("minimum share of young members")
        MIN_MEMBERS = "min_members", _("minimum number of members")
        MIN_YEARS = "min_years", _("minimum years of existence")
        MAX_YEARS = "max_years", _("maximum years of existence")
        APPLICANT_MIN_AGE = "applicant_min_age", _("applicant's minimum age")
        APPLICANT_MAX_AGE = "applicant_max_age", _("applicant's maximum age")

    # Kinds that take no value.
    WITHOUT_VALUE = frozenset({Kind.REGISTRY_ACTIVE})
    SHARE_KINDS = frozenset({Kind.MIN_WOMEN_SHARE, Kind.MIN_YOUNG_SHARE})

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="eligibility_rules", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eligibility_rules",
        verbose_name=_("category"),
        help_text=_("Empty: the rule applies to every category."),
    )
    kind = models.CharField(_("rule"), max_length=30, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["edition_id", F("category_id").asc(nulls_last=True), "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "category", "kind"],
                condition=Q(category__isnull=False),
                name="eligibility_rule_unique_kind",
            ),
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=Q(category__isnull=True),
                name="eligibility_rule_unique_kind_all",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="eligibility_rule_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.display_value}".strip()

    @property
    def display_value(self) -> str:
        if self.value is None:
            return ""
        if self.kind in self.SHARE_KINDS:
            return f"{(self.value * 100).normalize():f} %"
        return f"{self.value.normalize():f}"

    def clean(self):
        if self.category_id and self.edition_id and self.category.edition_id != self.edition_id:
            raise ValidationError({"category": _("This category belongs to another edition.")})
        if self.kind in self.WITHOUT_VALUE:
            self.value = None
        elif self.value is None:
            raise ValidationError({"value": _("This rule needs a value.")})
        elif self.kind in self.SHARE_KINDS and self.value > 1:
            raise ValidationError({"value": _("A share is a fraction between 0 and 1 (0.5 for 50%).")})


class Phase(models.Model):
    """The accompaniment phase of an edition (about 45 days)."""

    class Scheduling(models.TextChoices):
        PARALLEL = "parallel", _("at the same time as the other prize's phase")
        AFTER = "after", _("after the other prize's phase")

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="phase", verbose_name=_("edition")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    scheduling = models.CharField(
        _("scheduling"), max_length=10, choices=Scheduling.choices, default=Scheduling.PARALLEL
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("runs after"),
    )

    class Meta:
        verbose_name = _("accompaniment phase")
        verbose_name_plural = _("accompaniment phases")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("The phase must end after it starts."),
            ),
        ]

    def __str__(self):
        return str(_("Accompaniment phase of %(edition)s") % {"edition": self.edition})

    @property
    def duration_days(self) -> int:
        return (self.ends_on - self.starts_on).days

    @staticmethod
    def default_end(starts_on):
        return starts_on + timedelta(days=DEFAULT_PHASE_DAYS)

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The phase must end after it starts.")
        if self.scheduling == self.Scheduling.AFTER:
            if not self.follows_id:
                errors["follows"] = _("Choose the phase this one runs after.")
            elif self.follows_id == self.pk:
                errors["follows"] = _("A phase cannot run after itself.")
            elif self.starts_on and self.follows.ends_on and self.starts_on < self.follows.ends_on:
                errors["starts_on"] = _("This phase must start once the phase it follows has ended.")
        if errors:
            raise ValidationError(errors)


class Milestone(models.Model):
    """A dated step of a phase shown on the timeline."""

    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("concept note")
        REGIONAL_SESSIONS = "regional_sessions", _("regional sessions")
        COACHING = "coaching", _("coaching window")
        PITCH_DAY = "pitch_day", _("pitch day")
        JURY = "jury", _("jury")
        CEREMONY = "ceremony", _("award ceremony")

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("phase")
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["phase_id", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "kind"], name="milestone_unique_kind"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="milestone_dates_ordered",
                violation_error_message=_("A milestone cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class Candidacy(models.Model):
    """A cooperative's (or a project holder's) application to an edition.

    Its status moves only through `prizes.services.candidacy_transition` following the table
    in `prizes.workflow`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ELIGIBLE = "eligible", _("eligible")
        INELIGIBLE = "ineligible", _("ineligible")
        ACCOMPANIED = "accompanied", _("accompanied")
        FINALIST = "finalist", _("finalist")
        LAUREATE = "laureate", _("laureate")
        NOT_SELECTED = "not_selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("category")
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("cooperative"),
    )
    # Project holders: a person or group with a planned cooperative (linked later to the registry).
    holder_name = models.CharField(_("project holder"), max_length=200, blank=True)
    planned_cooperative_name = models.CharField(_("planned cooperative"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("region")
    )
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_birth_date = models.DateField(_("applicant's birth date"), null=True, blank=True)
    project_title = models.CharField(_("project"), max_length=255)
    project_summary = models.TextField(_("project summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The last automatic check: [{"kind", "passed", "reason"}], and its verdict.
    eligibility_results = models.JSONField(_("eligibility check"), default=list, blank=True)
    eligibility_passed = models.BooleanField(_("meets the rules"), null=True, blank=True)
    eligibility_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    override_justification = models.TextField(_("override justification"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "cooperative"],
                condition=Q(cooperative__isnull=False),
                name="candidacy_one_per_cooperative_and_edition",
                violation_error_message=_("This cooperative has already applied to this edition."),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status"], name="candidacy_edition_status_idx"),
            models.Index(fields=["region", "status"], name="candidacy_region_status_idx"),
        ]

    def __str__(self):
        return f"{self.candidate_name} · {self.edition}"

    @property
    def candidate_name(self) -> str:
        if self.cooperative_id:
            return self.cooperative.name
        return self.planned_cooperative_name or self.holder_name

    def clean(self):
        errors = {}
        if self.category_id and self.edition_id and self.category.edition_id != self.edition_id:
            errors["category"] = _("This category belongs to another edition.")
        elif self.category_id and self.category.requires_cooperative and not self.cooperative_id:
            errors["cooperative"] = _("This category requires a cooperative from the registry.")
        if not self.cooperative_id and not self.holder_name:
            errors["holder_name"] = _("Name the project holder, or choose a cooperative.")
        if self.cooperative_id and self.region_id and self.cooperative.region_id != self.region_id:
            errors["region"] = _("The region must be the cooperative's region.")
        if errors:
            raise ValidationError(errors)


from .models_jury import (  # noqa: E402, F401
    ConflictOfInterest,
    Criterion,
    Deliberation,
    JuryMember,
    Score,
)
from .models_notes import ConceptNote, ConceptNoteReview, ConceptNoteVersion  # noqa: E402, F401
from .models_showcase import CooperativePhoto, PublicProfile  # noqa: E402, F401
