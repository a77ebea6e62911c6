"""Pitch simulations: the rubric of a phase, weighted scores, progression and readiness."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odco.audit.services import audit_record
from prizes.services import phase_assert_schedulable

from .models import DEFAULT_CRITERIA, Assignment, PitchScore, PitchSimulation, Rubric, RubricCriterion
from .permissions import can_edit_rubric, can_record_simulation
from .services import _phase_of, assert_in_window

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def rubric_ensure(phase) -> Rubric:
    """The phase's rubric, created with the default criteria (equal weights) the first time."""
    rubric = Rubric.objects.filter(phase=phase).first()
    if rubric is not None:
        return rubric
    try:
        with transaction.atomic():
            rubric = Rubric.objects.create(phase=phase)
            RubricCriterion.objects.bulk_create(
                RubricCriterion(rubric=rubric, code=code, position=i)
                for i, (code, _label) in enumerate(DEFAULT_CRITERIA)
            )
    except IntegrityError:  # created at the same moment by another request
        rubric = Rubric.objects.get(phase=phase)
    return rubric


@dataclass(frozen=True)
class CriterionChange:
    code: str
    name: str
    weight: Decimal


@transaction.atomic
def rubric_update(
    *, actor, rubric: Rubric, criteria: list[CriterionChange], scale: int, ready_at: int
) -> Rubric:
    """Replace the rubric's criteria (kept by code) before any simulation is scored with it."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    allowed, reason = can_edit_rubric(actor, rubric)
    if not allowed:
        raise PermissionDenied(reason)
    if not criteria:
        raise ValidationError(_("A rubric needs at least one criterion."), code="empty")
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Two criteria have the same code."), code="duplicate")
    before = {c.code: str(c.weight) for c in rubric.criteria.all()}
    rubric.scale, rubric.ready_at = scale, ready_at
    rubric.full_clean()
    rubric.save(update_fields=["scale", "ready_at"])
    rubric.criteria.exclude(code__in=codes).delete()
    for position, change in enumerate(criteria):
        criterion = rubric.criteria.filter(code=change.code).first() or RubricCriterion(
            rubric=rubric, code=change.code
        )
        criterion.name, criterion.weight, criterion.position = change.name, change.weight, position
        criterion.full_clean()
        criterion.save()
    audit_record(
        actor=actor,
        action="coaching.rubric_updated",
        obj=rubric,
        changes={"before": before, "after": {c.code: str(c.weight) for c in criteria}},
    )
    return rubric


def weighted_total(points_by_weight: list[tuple[Decimal, Decimal]], scale: int) -> Decimal:
    """Weighted mean of the points, as a percentage of the scale: Σ wᵢ·pᵢ / (Σ wᵢ · scale) × 100."""
    weight_sum = sum((w for w, _p in points_by_weight), Decimal(0))
    if not points_by_weight or weight_sum <= 0:
        return Decimal("0.00")
    weighted = sum((w * p for w, p in points_by_weight), Decimal(0))
    return (weighted * HUNDRED / (weight_sum * scale)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def simulation_record(
    *,
    actor,
    assignment: Assignment,
    held_on: date,
    points: dict[int, Decimal],
    feedback: str,
    recording_url: str = "",
    deck=None,
) -> PitchSimulation:
    """Score one pitch simulation against the phase's rubric: every criterion, 0 to the scale."""
    allowed, reason = can_record_simulation(actor, assignment)
    if not allowed:
        raise PermissionDenied(reason)
    phase = _phase_of(assignment.candidacy)
    phase_assert_schedulable(phase)
    assert_in_window(assignment, held_on)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A simulation is scored once it has taken place.")})
    rubric = rubric_ensure(phase)
    criteria = list(rubric.criteria.all())
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = _("Score this criterion.")
        elif not Decimal(0) <= value <= rubric.scale:
            errors[f"criterion_{criterion.pk}"] = _("Give between 0 and %(scale)s points.") % {
                "scale": rubric.scale
            }
    if not feedback.strip():
        errors["feedback"] = _("Write your feedback to the cooperative.")
    if deck is not None and (
        deck.cooperative_id != assignment.candidacy.cooperative_id or deck.status != "ready"
    ):
        errors["deck"] = _("Choose a pitch deck of this cooperative.")
    if errors:
        raise ValidationError(errors)
    simulation = PitchSimulation(
        assignment=assignment,
        candidacy_id=assignment.candidacy_id,
        held_on=held_on,
        feedback=feedback.strip(),
        recording_url=recording_url,
        deck=deck,
        total=weighted_total([(c.weight, points[c.pk]) for c in criteria], rubric.scale),
        created_by=actor,
    )
    simulation.full_clean(exclude=["candidacy"])
    simulation.save()
    PitchScore.objects.bulk_create(
        PitchScore(simulation=simulation, criterion=c, points=points[c.pk]) for c in criteria
    )
    audit_record(
        actor=actor,
        action="coaching.simulation_scored",
        obj=simulation,
        changes={"total": str(simulation.total), "points": {c.code: str(points[c.pk]) for c in criteria}},
    )
    return simulation


@dataclass(frozen=True)
class Readiness:
    level: str  # "none", "not_ready", "nearly", "ready"
    label: str
    score: Decimal | None
    trend: Decimal | None  # change since the previous simulation, in points of percentage


READINESS_LABELS = {
    "none": gettext_lazy("no simulation yet"),
    "not_ready": gettext_lazy("not ready yet"),
    "nearly": gettext_lazy("nearly ready"),
    "ready": gettext_lazy("ready for the jury"),
}
# "Nearly ready" starts this many points below the rubric's ready threshold.
NEARLY_MARGIN = 15


def readiness(totals: list[Decimal], ready_at: int) -> Readiness:
    """Readiness before the jury from the weighted totals of successive simulations (oldest first).

    The latest simulation decides; the trend is its change since the one before.
    """
    if not totals:
        return Readiness("none", str(READINESS_LABELS["none"]), None, None)
    last = totals[-1]
    trend = last - totals[-2] if len(totals) > 1 else None
    if last >= ready_at:
        level = "ready"
    elif last >= ready_at - NEARLY_MARGIN:
        level = "nearly"
    else:
        level = "not_ready"
    return Readiness(level, str(READINESS_LABELS[level]), last, trend)
