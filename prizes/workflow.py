"""The candidacy workflow as data: each transition's name, source, target and roles.

`prizes.services.candidacy_transition` is the only writer of `Candidacy.status`; it looks
transitions up here. A role listed here is necessary, not sufficient: the cooperative role
acts only on its own candidacy (see `prizes.permissions.can_transition_candidacy`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from odco.roles import Role

from .models import Candidacy

S = Candidacy.Status


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str | Promise
    # A written justification is required (eligibility overrides, refusals).
    needs_comment: bool = False
    # Shown as a button on the candidacy page (others are run by a dedicated service/form).
    manual: bool = True


def _t(name, source, target, roles, label, **kw) -> Transition:
    return Transition(name, source, target, frozenset(roles), label, **kw)


STAFF = (Role.STAFF,)
OWNER = (Role.STAFF, Role.COOPERATIVE)

TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", S.DRAFT, S.SUBMITTED, OWNER, _("Submit")),
    # Run by the automatic eligibility check (`candidacy_check_eligibility`).
    _t("declare_eligible", S.SUBMITTED, S.ELIGIBLE, STAFF, _("Declare eligible"), manual=False),
    _t("declare_ineligible", S.SUBMITTED, S.INELIGIBLE, STAFF, _("Declare ineligible"), manual=False),
    # Overrides of the automatic verdict: a written justification is recorded.
    _t("override_eligible", S.INELIGIBLE, S.ELIGIBLE, STAFF, _("Override: eligible"), needs_comment=True),
    _t("override_ineligible", S.ELIGIBLE, S.INELIGIBLE, STAFF, _("Override: ineligible"), needs_comment=True),
    _t("admit", S.ELIGIBLE, S.ACCOMPANIED, (Role.STAFF, Role.COORDINATOR), _("Admit to the accompaniment")),
    _t("shortlist", S.ACCOMPANIED, S.FINALIST, STAFF, _("Shortlist as finalist")),
    _t("leave_out", S.ACCOMPANIED, S.NOT_SELECTED, STAFF, _("Not shortlisted"), needs_comment=True),
    # Decided at the deliberation (`deliberation_confirm`).
    _t("award", S.FINALIST, S.LAUREATE, STAFF, _("Laureate"), manual=False),
    _t("decline", S.FINALIST, S.NOT_SELECTED, STAFF, _("Not selected"), manual=False),
    # Withdrawal is possible until a decision is made.
    *(
        _t(f"withdraw_{source}", source, S.WITHDRAWN, OWNER, _("Withdraw"))
        for source in (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.ACCOMPANIED, S.FINALIST)
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}
FINAL_STATES = frozenset({S.LAUREATE, S.NOT_SELECTED, S.WITHDRAWN})
# Statuses whose candidacies the jury scores.
SCORABLE_STATES = frozenset({S.FINALIST})


def transition_named(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def transition_between(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)
