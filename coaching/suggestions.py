"""Which coach for this candidacy? A ranking the coordinator can read, not a black box.

Each available coach gets three parts, added up (out of 100):
- specialty fit, up to 50: the share of the needed specialties the coach covers;
- region, 30 if the coach serves the candidacy's region, else 0;
- load, up to 20: the share of the coach's capacity still free (active assignments of
  candidacies still in the accompaniment count against it).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import CoachProfile, Specialty
from .permissions import COACHABLE_STATES

FIT_POINTS = 50
REGION_POINTS = 30
LOAD_POINTS = 20
# What a pitch needs when the coordinator names nothing else.
DEFAULT_NEEDS = (Specialty.ESS.value, Specialty.PRESENTATION.value)


@dataclass(frozen=True)
class ScorePart:
    key: str  # "fit", "region", "load"
    points: Decimal
    out_of: int
    explanation: str


@dataclass(frozen=True)
class Suggestion:
    coach: CoachProfile
    parts: tuple[ScorePart, ...]
    load: int
    already_assigned: bool

    @property
    def total(self) -> Decimal:
        return sum((p.points for p in self.parts), Decimal(0))

    def part(self, key: str) -> ScorePart:
        return next(p for p in self.parts if p.key == key)


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coaches_with_load():
    """Coach profiles with `load`: active assignments on candidacies still being coached."""
    return (
        CoachProfile.objects.select_related("user")
        .prefetch_related("regions")
        .annotate(
            load=Count(
                "assignments",
                filter=Q(assignments__is_active=True, assignments__candidacy__status__in=COACHABLE_STATES),
            )
        )
    )


def score_coach(coach: CoachProfile, *, region_id: int, needs: list[str], load: int) -> tuple[ScorePart, ...]:
    labels = dict(Specialty.choices)
    needs = list(dict.fromkeys(needs)) or list(DEFAULT_NEEDS)
    covered = [n for n in needs if n in coach.specialties]
    fit = _round(Decimal(FIT_POINTS) * len(covered) / len(needs))
    if covered:
        fit_text = _("covers %(covered)s of %(needed)s needed: %(names)s") % {
            "covered": len(covered),
            "needed": len(needs),
            "names": ", ".join(str(labels[n]) for n in covered),
        }
    else:
        fit_text = _("covers none of the needed specialties")
    serves = any(r.pk == region_id for r in coach.regions.all())
    region_text = _("serves the candidacy's region") if serves else _("does not serve the candidacy's region")
    free = max(coach.capacity - load, 0)
    load_points = _round(Decimal(LOAD_POINTS) * free / coach.capacity)
    if free:
        load_text = _("follows %(load)s of %(capacity)s candidacies") % {
            "load": load,
            "capacity": coach.capacity,
        }
    else:
        load_text = _("at full capacity (%(load)s of %(capacity)s)") % {
            "load": load,
            "capacity": coach.capacity,
        }
    return (
        ScorePart("fit", fit, FIT_POINTS, fit_text),
        ScorePart("region", Decimal(REGION_POINTS if serves else 0), REGION_POINTS, region_text),
        ScorePart("load", load_points, LOAD_POINTS, load_text),
    )


def suggest_coaches(*, candidacy, needs: list[str] | None = None, coaches=None) -> list[Suggestion]:
    """Available coaches ranked for `candidacy`, best first, each with its score parts.

    Ties go to the lighter load, then to the name. Coaches marked unavailable are left out.
    """
    coaches = coaches if coaches is not None else coaches_with_load().filter(is_available=True)
    assigned = set(candidacy.coach_assignments.filter(is_active=True).values_list("coach_id", flat=True))
    suggestions = [
        Suggestion(
            coach=coach,
            parts=score_coach(coach, region_id=candidacy.region_id, needs=needs or [], load=coach.load),
            load=coach.load,
            already_assigned=coach.pk in assigned,
        )
        for coach in coaches
        if coach.is_available
    ]
    suggestions.sort(key=lambda s: (-s.total, s.load, str(s.coach).lower(), s.coach.pk))
    return suggestions
