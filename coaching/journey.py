"""The cooperative's journey through coaching: sessions held, actions agreed (open ones are
what comes next) and pitch simulations with their scores over time."""

from django.urls import reverse
from django.utils.translation import gettext as _

from odco.journey import DONE, PLANNED, TODO, Step

from .models import Action, CoachingSession, PitchSimulation


def journey_events(*, cooperative_id: int, today, simulations=None, actions=None) -> list[Step]:
    """Three queries (fewer given `simulations` and `actions`), whatever their number."""
    url = reverse("coaching:cooperative", args=[cooperative_id])
    steps = []
    for session in CoachingSession.objects.filter(
        assignment__candidacy__cooperative_id=cooperative_id
    ).select_related("assignment__coach__user"):
        steps.append(
            Step(
                on=session.held_on,
                kind="coaching",
                title=_("Coaching session"),
                detail=f"{session.topics} · {session.get_mode_display()}",
                url=url,
                state=DONE if session.held_on <= today else PLANNED,
            )
        )
    if actions is None:
        actions = Action.objects.filter(candidacy__cooperative_id=cooperative_id)
    for action in actions:
        if action.done_at:
            continue
        if action.owner != Action.Owner.COOPERATIVE:
            continue
        steps.append(
            Step(on=action.due_on, kind="action", title=action.title, detail=_("Coaching action"), state=TODO)
        )
    if simulations is None:
        simulations = pitch_scores(cooperative_id=cooperative_id)
    for simulation in simulations:
        steps.append(
            Step(
                on=simulation.held_on,
                kind="pitch",
                title=_("Pitch simulation: %(score)s %%") % {"score": round(simulation.total)},
                url=url,
            )
        )
    return steps


def pitch_scores(*, cooperative_id: int) -> list[PitchSimulation]:
    """The cooperative's pitch simulations, oldest first (its scores over time)."""
    return list(
        PitchSimulation.objects.filter(candidacy__cooperative_id=cooperative_id).order_by("held_on", "pk")
    )
