"""The training-session workflow as data: planned → open → held → closed, or cancelled.

`training.services.session_transition` is the only writer of `TrainingSession.status`; it
looks transitions up here. A trainer acts only on the sessions they run (see
`training.permissions.can_transition_session`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from odco.roles import Role

from .models import TrainingSession

S = TrainingSession.Status


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str | Promise
    # A written reason is required (cancellation).
    needs_comment: bool = False


def _t(name, source, target, roles, label, **kw) -> Transition:
    return Transition(name, source, target, frozenset(roles), label, **kw)


PLANNERS = (Role.STAFF, Role.COORDINATOR)
RUNNERS = (Role.STAFF, Role.COORDINATOR, Role.TRAINER)

TRANSITIONS: tuple[Transition, ...] = (
    # Opening enrols nobody by itself; invitations go to those enrolled (and later enrolments).
    _t("open", S.PLANNED, S.OPEN, PLANNERS, _("Open for enrolment")),
    _t("hold", S.OPEN, S.HELD, RUNNERS, _("Mark as held")),
    _t("close", S.HELD, S.CLOSED, PLANNERS, _("Close")),
    _t("cancel_planned", S.PLANNED, S.CANCELLED, PLANNERS, _("Cancel"), needs_comment=True),
    _t("cancel_open", S.OPEN, S.CANCELLED, PLANNERS, _("Cancel"), needs_comment=True),
)

BY_NAME = {t.name: t for t in TRANSITIONS}
FINAL_STATES = frozenset({S.CLOSED, S.CANCELLED})
# Sessions that count as "held" in the coverage matrix and for the attendance rule.
HELD_STATES = frozenset({S.HELD, S.CLOSED})
# Sessions that cover a region (planned or better; cancelled ones do not).
COVERING_STATES = frozenset({S.PLANNED, S.OPEN, S.HELD, S.CLOSED})
# When a trainer may take the roll call and record evaluations.
ROLL_CALL_STATES = frozenset({S.OPEN, S.HELD})
# When participants may be enrolled.
ENROLLING_STATES = frozenset({S.PLANNED, S.OPEN})


def transition_named(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]
