"""Factories for the coaching tests: a validated phase, accompanied candidacies, coaches."""

from decimal import Decimal

from coaching.models import Assignment, CoachProfile
from coaching.scoring import rubric_ensure
from odco.roles import Role
from prizes.models import Candidacy
from prizes.services import concept_note_save, concept_note_submit, concept_note_validate
from tests.factories import CooperativeFactory, make_user, region
from tests.prizes.factories import make_candidacy, make_edition

NOTE = {
    "priority_axes": "Pitch",
    "training_modules": "Finance",
    "teaching_tools": "Fiches",
    "calendar": "Mai-juin",
    "kit_contents": "Guide",
}
# make_edition(year=2025) opens its phase on 1 May 2025 for 45 days (until 15 June).
IN_WINDOW = "2025-05-20 10:00 +01:00"


def validate_phase(phase, *, coordinator=None, staff=None):
    coordinator = coordinator or make_user(Role.COORDINATOR)
    staff = staff or make_user(Role.STAFF)
    concept_note_save(actor=coordinator, phase=phase, **NOTE)
    concept_note_submit(actor=coordinator, phase=phase)
    concept_note_validate(actor=staff, phase=phase)
    return phase


def make_phase(*, validated=True, year=2025, code="lalla_al_moutaaouina"):
    edition = make_edition(code, year)
    if validated:
        validate_phase(edition.phase)
    return edition.phase


def make_accompanied(phase, *, cooperative=None, status=Candidacy.Status.ACCOMPANIED, region_code="09"):
    cooperative = cooperative or CooperativeFactory(region=region(region_code))
    return make_candidacy(phase.edition, status=status, cooperative=cooperative)


def make_coach(
    user=None,
    *,
    specialties=("ess", "presentation"),
    regions=("09",),
    languages=("fr", "ar"),
    capacity=8,
    **kw,
):
    user = user or make_user(Role.COACH)
    profile = CoachProfile.objects.create(
        user=user, specialties=list(specialties), languages=list(languages), capacity=capacity, **kw
    )
    profile.regions.set([region(code) for code in regions])
    return profile


def assign(candidacy, coach) -> Assignment:
    return Assignment.objects.create(candidacy=candidacy, coach=coach)


def scores_for(phase, *values):
    """{criterion pk: points} for the phase's rubric, in criterion order."""
    criteria = list(rubric_ensure(phase).criteria.all())
    return {c.pk: Decimal(str(v)) for c, v in zip(criteria, values, strict=True)}
