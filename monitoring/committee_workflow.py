"""The committee meeting workflow as data.

    planned ──hold──▶ held (minutes in draft) ──validate──▶ validated (locked)
       │
     cancel
       ▼
    cancelled

`monitoring.services.committee.meeting_transition` is the only writer of `Meeting.status`.
`CHAIR` is not a platform role: it is the active committee member flagged as chair.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from odco.roles import Role

from .models import Meeting

S = Meeting.Status
CHAIR = "chair"


@dataclass(frozen=True)
class MeetingTransition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str | Promise
    confirm: str | Promise = ""


TRANSITIONS: tuple[MeetingTransition, ...] = (
    MeetingTransition("hold", S.PLANNED, S.HELD, frozenset({Role.STAFF, CHAIR}), _("Mark as held")),
    MeetingTransition(
        "validate",
        S.HELD,
        S.VALIDATED,
        frozenset({CHAIR}),
        _("Validate the minutes"),
        confirm=_("Validated minutes are locked. Validate them?"),
    ),
    MeetingTransition(
        "cancel", S.PLANNED, S.CANCELLED, frozenset({Role.STAFF, CHAIR}), _("Cancel the meeting")
    ),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
# States in which agenda, minutes, attendance, decisions and actions may change.
EDITABLE_STATES = frozenset({S.PLANNED, S.HELD})


def transition_named(name: str) -> MeetingTransition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[MeetingTransition]:
    return [t for t in TRANSITIONS if t.source == status]
