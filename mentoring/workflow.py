"""The mentorship workflow as data: proposed → confirmed → active → closed, or cancelled.

`mentoring.services.mentorship_transition` is the only writer of `Mentorship.status`; it
looks transitions up here. `mentor` acts only on the mentorships of the mentor linked to
their account (see `mentoring.permissions.can_transition_mentorship`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from odco.roles import Role

from .models import Mentorship

S = Mentorship.Status


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str | Promise
    # A written reason is required (cancelling).
    needs_comment: bool = False
    # Asks before acting (`data-confirm`): the step cannot be undone.
    destructive: bool = False


def _t(name, source, target, roles, label, **kw) -> Transition:
    return Transition(name, source, target, frozenset(roles), label, **kw)


PLANNERS = (Role.STAFF, Role.COORDINATOR)
FOLLOWERS = (Role.STAFF, Role.COORDINATOR, Role.MENTOR)

TRANSITIONS: tuple[Transition, ...] = (
    # Confirming takes one of the mentor's places: the capacity is checked under a lock.
    _t("confirm", S.PROPOSED, S.CONFIRMED, PLANNERS, _("Confirm the match")),
    _t("start", S.CONFIRMED, S.ACTIVE, FOLLOWERS, _("Start the mentorship")),
    _t("close", S.ACTIVE, S.CLOSED, FOLLOWERS, _("Close the mentorship"), destructive=True),
    _t(
        "cancel_proposed",
        S.PROPOSED,
        S.CANCELLED,
        PLANNERS,
        _("Withdraw the proposal"),
        needs_comment=True,
        destructive=True,
    ),
    _t(
        "cancel_confirmed",
        S.CONFIRMED,
        S.CANCELLED,
        PLANNERS,
        _("Cancel the mentorship"),
        needs_comment=True,
        destructive=True,
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}
# Mentorships that take one of the mentor's places.
HOLDING_STATES = frozenset({S.CONFIRMED, S.ACTIVE})
# Mentorships still open (a proposal or running).
OPEN_STATES = frozenset({S.PROPOSED, S.CONFIRMED, S.ACTIVE})
FINAL_STATES = frozenset({S.CLOSED, S.CANCELLED})


def transition_named(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]
