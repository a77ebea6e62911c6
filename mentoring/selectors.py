"""Reads of mentoring, scoped once with `odco.scoping.scope`, relations loaded."""

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet

from odco.roles import Role
from odco.scoping import scope
from prizes.models import Candidacy

from .matching import Match, laureate_facts, mentor_facts, mentors_with_load, rank
from .models import Evaluation, Meeting, Mentor, Mentorship, Objective, ObjectiveProgress
from .permissions import MENTORED_STATES
from .workflow import HOLDING_STATES, OPEN_STATES

S = Mentorship.Status


def may_read_meeting_notes(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.STAFF, Role.COORDINATOR, Role.MENTOR))
    )


def mentor_directory(*, user, filters: dict | None = None) -> QuerySet[Mentor]:
    """Mentors the user may see, with their load, filtered by region, sector, area, language."""
    filters = filters or {}
    qs = scope(user, mentors_with_load())
    if filters.get("region"):
        qs = qs.filter(Q(regions__code=filters["region"]) | Q(provinces__region__code=filters["region"]))
    if filters.get("sector"):
        qs = qs.filter(sectors__code=filters["sector"])
    # JSON lists are matched on their text, which both PostgreSQL and SQLite can do.
    if filters.get("expertise"):
        qs = qs.filter(expertise__icontains=f'"{filters["expertise"]}"')
    if filters.get("language"):
        qs = qs.filter(languages__icontains=f'"{filters["language"]}"')
    if filters.get("available"):
        qs = qs.filter(is_available=True)
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(contact_name__icontains=filters["q"]))
    return qs.order_by("name", "pk").distinct()


def mentor_get(*, user, pk: int) -> Mentor | None:
    return scope(user, mentors_with_load().select_related("user")).filter(pk=pk).first()


def _laureates() -> QuerySet[Candidacy]:
    return (
        Candidacy.objects.filter(status__in=MENTORED_STATES)
        .select_related(
            "cooperative__sector", "cooperative__province", "region", "edition__prize", "mentoring_needs"
        )
        .prefetch_related("mentoring_needs__needs")
    )


def laureate_get(*, user, pk: int) -> Candidacy | None:
    """A laureate the user may see (scoped on the candidacy)."""
    return scope(user, _laureates()).filter(pk=pk).first()


def _with_open_mentorships(qs: QuerySet[Candidacy]) -> QuerySet[Candidacy]:
    return qs.prefetch_related(
        Prefetch(
            "mentorships",
            queryset=Mentorship.objects.filter(status__in=OPEN_STATES)
            .select_related("mentor")
            .order_by("pk"),
            to_attr="open_mentorships",
        )
    )


def matching_for(*, candidacy: Candidacy) -> list[tuple[Match, Mentor]]:
    """Every available mentor ranked for the laureate, with the mentor objects."""
    mentors = list(mentors_with_load().filter(is_available=True).order_by("pk"))
    by_pk = {m.pk: m for m in mentors}
    ranked = rank(laureate_facts(candidacy), [mentor_facts(m) for m in mentors])
    return [(match, by_pk[match.mentor.pk]) for match in ranked]


def mentorships_of(*, candidacy: Candidacy) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(candidacy=candidacy)
        .select_related("mentor")
        .order_by("-proposed_at", "-pk")
    )


def cohort_laureates(*, edition, region=None) -> dict:
    """The edition's laureates (of `region`), split by where their mentoring stands."""
    qs = _with_open_mentorships(_laureates().filter(edition=edition))
    if region is not None:
        qs = qs.filter(region=region)
    pending, proposed, mentored = [], [], []
    for candidacy in qs.order_by("region__code", "pk"):
        states = {m.status for m in candidacy.open_mentorships}
        if states & HOLDING_STATES:
            mentored.append(candidacy)
        elif states:
            proposed.append(candidacy)
        else:
            pending.append(candidacy)
    return {"pending": pending, "proposed": proposed, "mentored": mentored}


def mentorship_get(*, user, pk: int) -> Mentorship | None:
    meetings = Meeting.objects.order_by("-held_on", "-pk").prefetch_related(
        Prefetch("progress_reports", queryset=ObjectiveProgress.objects.select_related("objective"))
    )
    if not may_read_meeting_notes(user):
        meetings = meetings.defer("notes")
    return (
        scope(user, Mentorship.objects.all())
        .select_related(
            "mentor__user", "candidacy__cooperative", "candidacy__region", "candidacy__edition__prize"
        )
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("target_date", "pk")),
            Prefetch("meetings", queryset=meetings),
            Prefetch("evaluations", queryset=Evaluation.objects.order_by("side")),
        )
        .filter(pk=pk)
        .first()
    )


def _mentorship_list(qs: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    return (
        qs.select_related(
            "mentor", "candidacy__cooperative", "candidacy__region", "candidacy__edition__prize"
        )
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("target_date", "pk")))
        .annotate(meeting_count=Count("meetings", distinct=True), last_meeting=Max("meetings__held_on"))
    )


def mentor_space(*, user) -> dict:
    """The mentor's mentees: open mentorships first, then closed ones."""
    mine = scope(user, Mentorship.objects.filter(mentor__user_id=user.pk))
    return {
        "mentor": Mentor.objects.filter(user_id=user.pk).first(),
        "open": list(
            _mentorship_list(mine.filter(status__in=OPEN_STATES)).order_by(
                "status", "candidacy__region__code", "pk"
            )
        ),
        "closed": list(
            _mentorship_list(mine.filter(status=S.CLOSED)).order_by(
                F("closed_on").desc(nulls_first=True), "-pk"
            )[:20]
        ),
    }


def region_mentoring(*, user, region) -> dict:
    """A region's laureates with their mentoring, and the mentors who work there."""
    laureates = _with_open_mentorships(scope(user, _laureates()).filter(region=region)).order_by(
        "-edition__year", "pk"
    )
    mentors = (
        scope(user, mentors_with_load())
        .filter(Q(regions=region) | Q(provinces__region=region))
        .distinct()
        .order_by("name", "pk")
    )
    running = _mentorship_list(
        scope(user, Mentorship.objects.filter(candidacy__region=region, status__in=HOLDING_STATES))
    ).order_by(F("candidacy__cooperative__name_fr").asc(nulls_last=True), "pk")
    return {"laureates": list(laureates), "mentors": list(mentors), "running": list(running)}


def cooperative_space_mentoring(*, user, cooperative_id: int) -> dict:
    """Context for `mentoring/_me_mentorship.html` in the cooperative's own space (`/me/`)."""
    mentorships = _mentorship_list(
        scope(user, Mentorship.objects.filter(candidacy__cooperative_id=cooperative_id)).filter(
            status__in=(S.CONFIRMED, S.ACTIVE, S.CLOSED)
        )
    ).order_by("-proposed_at", "-pk")
    return {"mentoring_mentorships": list(mentorships)}
