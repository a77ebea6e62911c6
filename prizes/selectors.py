"""Reads of the prizes app, scoped once with `odco.scoping.scope`, relations loaded."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from odco.regions.models import Region
from odco.roles import Role
from odco.scoping import scope

from .models import (
    Candidacy,
    Category,
    ConceptNote,
    ConflictOfInterest,
    Criterion,
    Edition,
    EligibilityRule,
    JuryMember,
    Milestone,
    Phase,
    Score,
)
from .workflow import SCORABLE_STATES


def edition_list(*, user) -> QuerySet[Edition]:
    """Editions with their prize, phase and candidacy counts (one query)."""
    return (
        scope(user, Edition.objects.select_related("prize", "phase"))
        .annotate(
            candidacy_count=Count("candidacies", distinct=True),
            laureate_count=Count(
                "candidacies", filter=Q(candidacies__status=Candidacy.Status.LAUREATE), distinct=True
            ),
        )
        .order_by("-year", "prize__since_year")
    )


def edition_get(*, user, pk: int) -> Edition | None:
    return (
        edition_list(user=user)
        .select_related("phase__concept_note", "deliberation")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("pk")),
            Prefetch("eligibility_rules", queryset=EligibilityRule.objects.select_related("category")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch("jury_members", queryset=JuryMember.objects.select_related("user")),
        )
        .filter(pk=pk)
        .first()
    )


def edition_status_counts(edition: Edition, *, user) -> dict[str, int]:
    rows = scope(user, Candidacy.objects.filter(edition=edition)).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def candidacy_list(*, user, filters: dict | None = None) -> QuerySet[Candidacy]:
    """Candidacies the user may see; filters: edition (pk), region (code), status, category (code), q."""
    filters = filters or {}
    qs = scope(
        user,
        Candidacy.objects.select_related("edition__prize", "category", "cooperative", "region"),
    )
    if filters.get("edition"):
        qs = qs.filter(edition_id=filters["edition"])
    if filters.get("region"):
        qs = qs.filter(region__code=Region.normalize_code(filters["region"]) or "--")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(category__code=filters["category"])
    if filters.get("q"):
        needle = filters["q"].strip()
        qs = qs.filter(
            Q(cooperative__name_fr__icontains=needle)
            | Q(cooperative__registration_number__icontains=needle)
            | Q(holder_name__icontains=needle)
            | Q(project_title__icontains=needle)
        )
    return qs.order_by("-edition__year", "region__code", "pk")


def candidacy_get(*, user, pk: int) -> Candidacy | None:
    return (
        candidacy_list(user=user)
        .select_related("overridden_by", "edition__phase", "cooperative__sector")
        .filter(pk=pk)
        .first()
    )


def candidacy_filter_choices(*, user) -> dict:
    editions = list(
        scope(user, Edition.objects.select_related("prize")).order_by("-year", "prize__since_year")
    )
    regions = Region.objects.order_by("code")
    if not (user.is_superuser or user.has_role(Role.STAFF, Role.COMMITTEE, Role.COORDINATOR)):
        regions = regions.filter(pk__in=user.delegation_region_ids)
    categories = sorted(
        {(c.code, c.name) for c in Category.objects.filter(edition__in=[e.pk for e in editions])},
        key=lambda c: c[0],
    )
    return {
        "editions": editions,
        "regions": list(regions),
        "statuses": Candidacy.Status.choices,
        "categories": categories,
    }


def cooperative_candidacies(*, cooperative_id: int) -> list[Candidacy]:
    """A cooperative's candidacies, newest edition first (for its own space)."""
    return list(
        Candidacy.objects.filter(cooperative_id=cooperative_id)
        .select_related("edition__prize", "edition__phase", "category")
        .order_by("-edition__year", "pk")
    )


# -- timeline ----------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    start: date
    end: date
    x: float = 0.0
    width: float = 0.0
    kind: str = ""
    is_point: bool = False


SCALE = 1000  # the width of the timeline's SVG coordinates


def timeline(*, user, year: int | None = None) -> dict:
    """Both prizes' phases of a year with their milestones, placed on a 0–1000 scale."""
    phases = list(
        scope(user, Phase.objects.select_related("edition__prize", "concept_note"))
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("starts_on")))
        .filter(**({"edition__year": year} if year else {}))
        .order_by("starts_on", "edition__prize__since_year")
    )
    if not phases:
        return {"rows": [], "months": [], "today": None}
    dates = [p.starts_on for p in phases] + [p.ends_on for p in phases]
    for p in phases:
        for m in p.milestones.all():
            dates += [m.starts_on, m.ends_on or m.starts_on]
    first, last = min(dates), max(dates)
    first = first.replace(day=1)
    span = max((last - first).days + 1, 1)

    def place(bar: Bar) -> Bar:
        bar.x = round((bar.start - first).days / span * SCALE, 1)
        bar.width = max(round(((bar.end - bar.start).days + 1) / span * SCALE, 1), 4.0)
        return bar

    rows = []
    for phase in phases:
        bars = [place(Bar(str(phase.edition.prize), phase.starts_on, phase.ends_on, kind="phase"))]
        for m in phase.milestones.all():
            bars.append(
                place(
                    Bar(
                        m.get_kind_display(),
                        m.starts_on,
                        m.ends_on or m.starts_on,
                        kind=m.kind,
                        is_point=m.ends_on is None,
                    )
                )
            )
        note = phase.concept_note if hasattr(phase, "concept_note") else None
        rows.append({"phase": phase, "bars": bars, "note": note})
    months = []
    cursor = first
    while cursor <= last:
        months.append({"date": cursor, "x": round((cursor - first).days / span * SCALE, 1)})
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    today = date.today()
    today_x = round((today - first).days / span * SCALE, 1) if first <= today <= last else None
    return {"rows": rows, "months": months, "today": today, "today_x": today_x, "first": first, "last": last}


def concept_note_for_phase(*, user, phase_pk: int):
    phase = scope(user, Phase.objects.select_related("edition__prize")).filter(pk=phase_pk).first()
    if phase is None:
        return None, None
    note = (
        ConceptNote.objects.filter(phase=phase)
        .prefetch_related("versions__reviews__reviewer", "versions__author")
        .first()
    )
    return phase, note


# -- jury ------------------------------------------------------------------------------------


def jury_candidacies(*, user) -> list[Candidacy]:
    """The finalists the juror scores, with whether they declared a conflict or have scored."""
    qs = (
        scope(user, Candidacy.objects.filter(status__in=SCORABLE_STATES))
        .filter(edition__jury_members__user=user)
        .select_related("edition__prize", "category", "cooperative", "region")
        .annotate(
            my_scores=Count("scores", filter=Q(scores__juror=user), distinct=True),
            my_conflicts=Count("conflicts", filter=Q(conflicts__juror=user), distinct=True),
        )
        .order_by("-edition__year", "pk")
    )
    return list(qs)


def jury_sheet(*, user, candidacy: Candidacy) -> dict:
    criteria = list(Criterion.objects.filter(edition_id=candidacy.edition_id).order_by("position", "pk"))
    scores = {s.criterion_id: s for s in Score.objects.filter(juror=user, candidacy=candidacy)}
    conflict = ConflictOfInterest.objects.filter(juror=user, candidacy=candidacy).first()
    return {"criteria": criteria, "scores": scores, "conflict": conflict}
