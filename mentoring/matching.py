"""Which mentor for this laureate? A ranking the coordinator can read, not a black box.

Each available mentor gets five parts, added up; the weights are the setting
`ODCO_MENTOR_MATCH_WEIGHTS` (a dict, any key missing takes its default below):

- territory: all of its weight if the mentor works in the laureate's province, 70 % in its
  region, 35 % in a neighbouring region (`mentoring.data.neighbours`), nothing if remote;
- sector: all if the mentor works with the laureate's sector, half if with every sector
  (none listed), nothing otherwise;
- needs: the share of the laureate's needs the mentor's expertise covers, a high-priority
  need counting 3, a medium one 2 and a low one 1;
- language: all if the mentor speaks one of the laureate's languages (or none is recorded);
- capacity: the share of the mentor's places still free (confirmed and active mentorships
  take a place).

The same data always gives the same order: ties go to the nearer territory, then to the
most free places, then to the name and the id.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coaching.models import Language, Specialty

from .data.neighbours import NEIGHBOURS
from .models import Mentor, Need
from .workflow import HOLDING_STATES

DEFAULT_WEIGHTS = {"territory": 40, "sector": 15, "needs": 30, "language": 10, "capacity": 5}
PARTS = ("territory", "sector", "needs", "language", "capacity")
TERRITORY_SHARE = {
    "province": Decimal("1"),
    "region": Decimal("0.7"),
    "neighbour": Decimal("0.35"),
    "remote": 0,
}
TERRITORY_RANK = {"province": 0, "region": 1, "neighbour": 2, "remote": 3}
PRIORITY_WEIGHT = {Need.Priority.HIGH: 3, Need.Priority.MEDIUM: 2, Need.Priority.LOW: 1}


def match_weights() -> dict[str, int]:
    """The weights of the five parts, from the setting with defaults for what it leaves out."""
    configured = getattr(settings, "ODCO_MENTOR_MATCH_WEIGHTS", None) or {}
    return {key: int(configured.get(key, default)) for key, default in DEFAULT_WEIGHTS.items()}


@dataclass(frozen=True)
class MentorFacts:
    pk: int
    name: str
    region_codes: frozenset[str]
    province_ids: frozenset[int]
    sector_ids: frozenset[int]
    expertise: frozenset[str]
    languages: frozenset[str]
    capacity: int
    holding: int = 0
    proposed: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.holding, 0)


@dataclass(frozen=True)
class LaureateFacts:
    pk: int
    name: str
    region_code: str
    province_id: int | None
    sector_id: int | None
    needs: tuple[tuple[str, int], ...] = ()  # (area, priority)
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ScorePart:
    key: str
    points: Decimal
    out_of: int
    level: str
    params: dict = field(default_factory=dict, compare=False)

    @property
    def text(self) -> str:
        return part_text(self.key, self.level, self.params)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "points": str(self.points),
            "out_of": self.out_of,
            "level": self.level,
            "params": self.params,
        }


def _labels(codes, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def part_text(key: str, level: str, params: dict) -> str:
    """The explanation of one part, in the current language (also for stored matches)."""
    texts = {
        ("territory", "province"): _("works in the laureate's province"),
        ("territory", "region"): _("works in the laureate's region"),
        ("territory", "neighbour"): _("works in a neighbouring region"),
        ("territory", "remote"): _("works far from the laureate's region"),
        ("sector", "match"): _("works with the laureate's sector"),
        ("sector", "any"): _("works with every sector"),
        ("sector", "none"): _("works with other sectors"),
        ("sector", "unknown"): _("the laureate has no sector yet"),
        ("needs", "unknown"): _("no needs recorded yet"),
        ("language", "any"): _("no language preference recorded"),
        ("language", "none"): _("speaks none of the laureate's languages"),
    }
    if (key, level) in texts:
        return texts[(key, level)]
    if key == "needs" and level == "none":
        return _("covers none of the needs")
    if key == "needs":
        return _("covers %(covered)s of %(needed)s needs: %(names)s") % {
            "covered": params.get("covered", 0),
            "needed": params.get("needed", 0),
            "names": _labels(params.get("areas", []), Specialty.choices),
        }
    if key == "language":
        return _("speaks %(languages)s") % {
            "languages": _labels(params.get("languages", []), Language.choices)
        }
    if level == "full":
        return _("no free place (%(taken)s of %(capacity)s taken)") % params
    return _("%(free)s of %(capacity)s places free") % params


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def territory_level(mentor: MentorFacts, laureate: LaureateFacts) -> str:
    if laureate.province_id and laureate.province_id in mentor.province_ids:
        return "province"
    if laureate.region_code in mentor.region_codes:
        return "region"
    if mentor.region_codes & NEIGHBOURS.get(laureate.region_code, frozenset()):
        return "neighbour"
    return "remote"


def score_parts(
    mentor: MentorFacts, laureate: LaureateFacts, weights: dict[str, int]
) -> tuple[ScorePart, ...]:
    """The five parts of one mentor's score for one laureate (pure: no database)."""
    level = territory_level(mentor, laureate)
    territory = ScorePart(
        "territory", _round(weights["territory"] * TERRITORY_SHARE[level]), weights["territory"], level
    )

    if laureate.sector_id is None:
        sector_level, share = "unknown", Decimal(0)
    elif laureate.sector_id in mentor.sector_ids:
        sector_level, share = "match", Decimal(1)
    elif not mentor.sector_ids:
        sector_level, share = "any", Decimal("0.5")
    else:
        sector_level, share = "none", Decimal(0)
    sector = ScorePart("sector", _round(weights["sector"] * share), weights["sector"], sector_level)

    total_weight = sum(PRIORITY_WEIGHT[p] for _a, p in laureate.needs)
    covered = [(a, p) for a, p in laureate.needs if a in mentor.expertise]
    if not laureate.needs:
        needs = ScorePart("needs", Decimal(0), weights["needs"], "unknown")
    else:
        covered_weight = sum(PRIORITY_WEIGHT[p] for _a, p in covered)
        needs = ScorePart(
            "needs",
            _round(Decimal(weights["needs"]) * covered_weight / total_weight),
            weights["needs"],
            "some" if covered else "none",
            {"covered": len(covered), "needed": len(laureate.needs), "areas": [a for a, _p in covered]},
        )

    common = sorted(mentor.languages & laureate.languages)
    if not laureate.languages:
        language = ScorePart("language", Decimal(weights["language"]), weights["language"], "any")
    elif common:
        language = ScorePart(
            "language", Decimal(weights["language"]), weights["language"], "match", {"languages": common}
        )
    else:
        language = ScorePart("language", Decimal(0), weights["language"], "none")

    params = {"free": mentor.free, "taken": mentor.holding, "capacity": mentor.capacity}
    capacity = ScorePart(
        "capacity",
        _round(Decimal(weights["capacity"]) * mentor.free / max(mentor.capacity, 1)),
        weights["capacity"],
        "free" if mentor.free else "full",
        params,
    )
    return (territory, sector, needs, language, capacity)


@dataclass(frozen=True)
class Match:
    mentor: MentorFacts
    parts: tuple[ScorePart, ...]

    @property
    def total(self) -> Decimal:
        return sum((p.points for p in self.parts), Decimal(0))

    @property
    def territory(self) -> str:
        return self.parts[0].level

    @property
    def is_full(self) -> bool:
        return self.mentor.free <= 0

    def sort_key(self):
        return (
            self.is_full,
            -self.total,
            TERRITORY_RANK[self.territory],
            -self.mentor.free,
            self.mentor.name.lower(),
            self.mentor.pk,
        )


def rank(
    laureate: LaureateFacts, mentors: list[MentorFacts], weights: dict[str, int] | None = None
) -> list[Match]:
    """Mentors ranked for one laureate, best first; mentors without a free place come last."""
    weights = weights or match_weights()
    matches = [Match(m, score_parts(m, laureate, weights)) for m in mentors]
    return sorted(matches, key=Match.sort_key)


# -- facts from the database (a constant number of queries) --------------------------------


def mentors_with_load():
    return Mentor.objects.prefetch_related("regions", "provinces__region", "sectors").annotate(
        holding=Count("mentorships", filter=Q(mentorships__status__in=HOLDING_STATES), distinct=True),
        proposed=Count("mentorships", filter=Q(mentorships__status="proposed"), distinct=True),
    )


def mentor_facts(mentor) -> MentorFacts:
    provinces = list(mentor.provinces.all())
    return MentorFacts(
        pk=mentor.pk,
        name=mentor.name,
        region_codes=frozenset(r.code for r in mentor.regions.all()) | {p.region.code for p in provinces},
        province_ids=frozenset(p.pk for p in provinces),
        sector_ids=frozenset(s.pk for s in mentor.sectors.all()),
        expertise=frozenset(mentor.expertise or ()),
        languages=frozenset(mentor.languages or ()),
        capacity=mentor.capacity,
        holding=getattr(mentor, "holding", 0),
        proposed=getattr(mentor, "proposed", 0),
    )


def available_mentor_facts() -> list[MentorFacts]:
    return [mentor_facts(m) for m in mentors_with_load().filter(is_available=True).order_by("pk")]


def laureate_facts(candidacy) -> LaureateFacts:
    """From a candidacy with `cooperative`, `region` and `mentoring_needs__needs` loaded."""
    profile = getattr(candidacy, "mentoring_needs", None)
    needs = tuple((n.area, n.priority) for n in profile.needs.all()) if profile else ()
    cooperative = candidacy.cooperative if candidacy.cooperative_id else None
    return LaureateFacts(
        pk=candidacy.pk,
        name=candidacy.candidate_name,
        region_code=candidacy.region.code,
        province_id=cooperative.province_id if cooperative else None,
        sector_id=cooperative.sector_id if cooperative else None,
        needs=needs,
        languages=frozenset(profile.languages) if profile else frozenset(),
    )
