"""The periodic report workflow as data: each transition's name, source, target and roles.

    draft ──submit──▶ submitted ──validate──▶ validated ──approve──▶ approved (locked)
                         │                        │
                       return                   return
                         ▼                        ▼
                      returned ──resubmit──▶ submitted

`monitoring.services.report_transition` is the only writer of `PeriodicReport.status`.
A role listed here is necessary, not sufficient: the cooperative acts only on its own
reports and a delegation only on its region's (see `monitoring.permissions`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from odco.roles import Role

from .models import PeriodicReport

S = PeriodicReport.Status


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str | Promise
    needs_comment: bool = False
    # Asks the browser to confirm first (data-confirm).
    confirm: str | Promise = ""


def _t(name, source, target, roles, label, **kw) -> Transition:
    return Transition(name, source, target, frozenset(roles), label, **kw)


FILLERS = (Role.STAFF, Role.DELEGATION, Role.COOPERATIVE)
REVIEWERS = (Role.STAFF, Role.DELEGATION)
APPROVERS = (Role.STAFF,)

TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", S.DRAFT, S.SUBMITTED, FILLERS, _("Submit the report")),
    _t("resubmit", S.RETURNED, S.SUBMITTED, FILLERS, _("Submit again")),
    _t("validate", S.SUBMITTED, S.VALIDATED, REVIEWERS, _("Validate")),
    _t(
        "return_to_reporter",
        S.SUBMITTED,
        S.RETURNED,
        REVIEWERS,
        _("Return with a comment"),
        needs_comment=True,
    ),
    _t(
        "approve",
        S.VALIDATED,
        S.APPROVED,
        APPROVERS,
        _("Approve"),
        confirm=_("An approved report is locked: no one can change it afterwards. Approve?"),
    ),
    _t(
        "return_after_validation",
        S.VALIDATED,
        S.RETURNED,
        APPROVERS,
        _("Return with a comment"),
        needs_comment=True,
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}
# States in which values, comments and evidence may change.
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
LOCKED_STATES = frozenset({S.APPROVED})
# States that count as "not yet submitted" for reminders and missing-report lists.
PENDING_STATES = frozenset({S.DRAFT, S.RETURNED})


def transition_named(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]
