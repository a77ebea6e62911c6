"""Reads of coaching, scoped once with `odco.scoping.scope`, relations loaded."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from cooperatives.models import Cooperative
from odco.roles import Role
from odco.scoping import scope

from .models import Action, Assignment, CoachingSession, CoachProfile, PitchScore, PitchSimulation, Rubric
from .permissions import COACHABLE_STATES
from .scoring import Readiness, readiness


def may_read_notes(user) -> bool:
    """Roles that may read private notes at all (the coach: only their own sessions, by scope)."""
    return bool(user.is_authenticated and user.has_role(Role.COORDINATOR, Role.COACH))


def assignment_get(*, user, pk: int) -> Assignment | None:
    return (
        scope(user, Assignment.objects.all())
        .select_related(
            "coach__user",
            "candidacy__edition__prize",
            "candidacy__edition__phase",
            "candidacy__cooperative",
            "candidacy__region",
        )
        .filter(pk=pk)
        .first()
    )


def action_get(*, user, pk: int) -> Action | None:
    return scope(user, Action.objects.select_related("candidacy")).filter(pk=pk).first()


def coach_profile_of(user) -> CoachProfile | None:
    return CoachProfile.objects.filter(user_id=user.pk).prefetch_related("regions").first()


def _sessions(user) -> QuerySet[CoachingSession]:
    qs = scope(user, CoachingSession.objects.select_related("assignment__coach__user"))
    return qs if may_read_notes(user) else qs.defer("notes")


@dataclass
class Progression:
    """Pitch scores of one candidacy over successive simulations, per criterion (oldest first)."""

    rubric: Rubric | None
    simulations: list[PitchSimulation]
    series: list[tuple[object, list[Decimal | None]]] = field(default_factory=list)
    readiness: Readiness | None = None


def progression_for(simulations: list[PitchSimulation], rubric: Rubric | None) -> Progression:
    """Build the per-criterion series from simulations whose `scores` are prefetched."""
    simulations = sorted(simulations, key=lambda s: (s.held_on, s.pk))
    criteria = list(rubric.criteria.all()) if rubric else []
    series = []
    for criterion in criteria:
        values = []
        for simulation in simulations:
            found = next((s.points for s in simulation.scores.all() if s.criterion_id == criterion.pk), None)
            values.append(found)
        series.append((criterion, values))
    ready = readiness([s.total for s in simulations], rubric.ready_at if rubric else 70)
    return Progression(rubric=rubric, simulations=simulations, series=series, readiness=ready)


@dataclass
class CandidacyCoaching:
    candidacy: object
    assignments: list[Assignment]
    sessions: list[CoachingSession]
    actions: list[Action]
    progression: Progression


def coaching_file(*, user, candidacy_pk: int) -> CandidacyCoaching | None:
    """A candidacy's coaching as the user may see it; None if no assignment of it is visible.

    A constant number of queries, whatever the number of sessions, actions or simulations.
    """
    assignments = list(
        scope(user, Assignment.objects.filter(candidacy_id=candidacy_pk)).select_related(
            "coach__user",
            "candidacy__cooperative",
            "candidacy__region",
            "candidacy__edition__prize",
            "candidacy__edition__phase",
        )
    )
    if not assignments:
        return None
    candidacy = assignments[0].candidacy
    sessions = list(_sessions(user).filter(assignment__candidacy_id=candidacy_pk))
    actions = list(scope(user, Action.objects.filter(candidacy_id=candidacy_pk)))
    simulations = list(
        scope(user, PitchSimulation.objects.filter(candidacy_id=candidacy_pk))
        .select_related("assignment__coach__user")
        .prefetch_related(
            Prefetch("scores", queryset=PitchScore.objects.only("simulation_id", "criterion_id", "points"))
        )
    )
    phase = getattr(candidacy.edition, "phase", None)
    rubric = Rubric.objects.filter(phase=phase).prefetch_related("criteria").first() if phase else None
    return CandidacyCoaching(
        candidacy=candidacy,
        assignments=assignments,
        sessions=sessions,
        actions=actions,
        progression=progression_for(simulations, rubric),
    )


def latest_coached_candidacy_id(*, user, cooperative_pk: int) -> int | None:
    """The cooperative's most recent coached candidacy the user may see (None: not in scope)."""
    if not scope(user, Cooperative.objects.filter(pk=cooperative_pk)).exists():
        return None
    return (
        scope(user, Assignment.objects.filter(candidacy__cooperative_id=cooperative_pk))
        .order_by("-candidacy__edition__year", "-candidacy_id")
        .values_list("candidacy_id", flat=True)
        .first()
    )


def cooperative_actions(*, user, cooperative_id: int) -> list[Action]:
    """The actions agreed with a cooperative, open first then done, for its own space."""
    return list(
        scope(user, Action.objects.filter(candidacy__cooperative_id=cooperative_id))
        .select_related("candidacy__edition__prize")
        .order_by(F("done_at").asc(nulls_first=True), "due_on", "pk")
    )


def coach_dashboard(*, user, today: date | None = None) -> dict:
    """The coach's assignments, upcoming sessions, overdue actions and hours this month."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    assignments = list(
        scope(user, Assignment.objects.filter(coach__user_id=user.pk, is_active=True))
        .select_related(
            "candidacy__cooperative",
            "candidacy__region",
            "candidacy__edition__prize",
            "candidacy__edition__phase",
        )
        .annotate(
            open_actions=Count(
                "candidacy__coaching_actions",
                filter=Q(candidacy__coaching_actions__done_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by(F("candidacy__cooperative__name_fr").asc(nulls_last=True), "pk")
    )
    sessions = scope(user, CoachingSession.objects.filter(assignment__coach__user_id=user.pk))
    upcoming = list(
        sessions.filter(held_on__gte=today)
        .select_related("assignment__candidacy__cooperative")
        .defer("notes")
        .order_by("held_on", "pk")[:10]
    )
    minutes = sessions.filter(held_on__gte=month_start, held_on__lte=today).aggregate(
        m=Sum("duration_minutes")
    )["m"]
    overdue = list(
        scope(user, Action.objects.filter(done_at__isnull=True, due_on__lt=today))
        .filter(
            candidacy__coach_assignments__coach__user_id=user.pk, candidacy__coach_assignments__is_active=True
        )
        .select_related("candidacy__cooperative")
        .distinct()
        .order_by("due_on", "pk")
    )
    return {
        "assignments": assignments,
        "upcoming": upcoming,
        "overdue": overdue,
        "hours_this_month": (Decimal(minutes or 0) / 60).quantize(Decimal("0.1")),
        "month_start": month_start,
    }


def coaching_overview(*, user, today: date | None = None) -> QuerySet:
    """Coached candidacies the user may see, with coaches, hours, open and overdue actions."""
    from prizes.models import Candidacy

    today = today or timezone.localdate()
    visible = scope(user, Assignment.objects.all()).values("candidacy_id")
    return (
        Candidacy.objects.filter(pk__in=visible)
        .select_related("cooperative", "region", "edition__prize")
        .prefetch_related(
            Prefetch(
                "coach_assignments",
                queryset=Assignment.objects.filter(is_active=True).select_related("coach__user"),
                to_attr="active_assignments",
            )
        )
        .annotate(
            overdue_count=Count(
                "coaching_actions",
                filter=Q(coaching_actions__done_at__isnull=True, coaching_actions__due_on__lt=today),
                distinct=True,
            ),
            simulation_count=Count("pitch_simulations", distinct=True),
        )
        .order_by("region__code", "cooperative__name_fr", "pk")
    )


def coachable_candidacy_get(*, user, pk: int):
    """An accompanied candidacy the coordinator may assign coaches to (scoped)."""
    from prizes.models import Candidacy

    return (
        scope(user, Candidacy.objects.filter(status__in=COACHABLE_STATES))
        .select_related("cooperative", "region", "edition__prize", "edition__phase")
        .filter(pk=pk)
        .first()
    )


def hours_report(*, user, start: date, end: date) -> dict:
    """Minutes of coaching held between `start` and `end` (inclusive), per coach and per cooperative."""
    sessions = scope(user, CoachingSession.objects.filter(held_on__gte=start, held_on__lte=end))
    by_coach = list(
        sessions.values(
            "assignment__coach_id",
            "assignment__coach__user__first_name",
            "assignment__coach__user__last_name",
            "assignment__coach__user__email",
        )
        .annotate(
            minutes=Sum("duration_minutes"),
            sessions=Count("pk"),
            cooperatives=Count("assignment__candidacy__cooperative_id", distinct=True),
        )
        .order_by(
            "assignment__coach__user__last_name",
            "assignment__coach__user__first_name",
            "assignment__coach_id",
        )
    )
    # Per coached candidacy: a cooperative (or a project holder) in one edition.
    by_cooperative = list(
        sessions.values(
            "assignment__candidacy_id",
            "assignment__candidacy__cooperative__registration_number",
            "assignment__candidacy__cooperative__name_fr",
            "assignment__candidacy__planned_cooperative_name",
            "assignment__candidacy__holder_name",
            "assignment__candidacy__region__code",
            "assignment__candidacy__region__name_fr",
            "assignment__candidacy__region__name_ar",
        )
        .annotate(
            minutes=Sum("duration_minutes"),
            sessions=Count("pk"),
            coaches=Count("assignment__coach_id", distinct=True),
        )
        .order_by(
            "assignment__candidacy__region__code",
            F("assignment__candidacy__cooperative__name_fr").asc(nulls_last=True),
            "assignment__candidacy_id",
        )
    )
    for row in by_cooperative:
        row["name"] = (
            row["assignment__candidacy__cooperative__name_fr"]
            or row["assignment__candidacy__planned_cooperative_name"]
            or row["assignment__candidacy__holder_name"]
        )
    for row in [*by_coach, *by_cooperative]:
        row["hours"] = (Decimal(row["minutes"] or 0) / 60).quantize(Decimal("0.01"))
    total = sum((row["minutes"] or 0 for row in by_coach), 0)
    return {
        "by_coach": by_coach,
        "by_cooperative": by_cooperative,
        "total_hours": (Decimal(total) / 60).quantize(Decimal("0.01")),
        "start": start,
        "end": end,
    }


def coach_list(*, user) -> QuerySet[CoachProfile]:
    from .suggestions import coaches_with_load

    return scope(user, coaches_with_load())


def cooperative_space_coaching(*, user, cooperative_id: int) -> dict:
    """Context for `coaching/_me_actions.html` and `coaching/_me_project.html` in the
    cooperative's own space (`/me/`)."""
    from .selectors_projects import cooperative_space_project

    return {
        "coaching_actions": cooperative_actions(user=user, cooperative_id=cooperative_id),
        "coaching_today": timezone.localdate(),
        **cooperative_space_project(cooperative_id=cooperative_id),
    }
