"""Who may do what in coaching. Scope (which rows) is decided by `odco.scoping`; these
functions decide the action and give a reason. Each returns (allowed, reason)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

# Page-level permissions (the object, if any, is then looked up in the user's scope).
can_use_coach_space = requires_roles(Role.COACH)
can_view_coaching_file = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COACH, Role.COOPERATIVE
)
can_view_coaching_overview = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_view_coach_hours = requires_roles(Role.COMMITTEE, Role.COORDINATOR)
can_manage_coaching = requires_roles(Role.COORDINATOR)
can_act_on_actions = requires_roles(Role.COORDINATOR, Role.COACH, Role.COOPERATIVE)
can_view_rubric = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.COACH)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _is_staff(user) -> bool:
    return bool(_authenticated(user) and (user.is_superuser or user.has_role(Role.STAFF)))


def _is_coordinator(user) -> bool:
    return _is_staff(user) or bool(_authenticated(user) and user.has_role(Role.COORDINATOR))


def _is_coach_of(user, assignment) -> bool:
    return bool(_authenticated(user) and user.has_role(Role.COACH) and assignment.coach.user_id == user.pk)


def can_log_session(user, assignment) -> Verdict:
    """Only the assigned coach records sessions and simulations, while the assignment runs."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if not _is_coach_of(user, assignment):
        return deny(_("Only the coach assigned to this candidacy records its sessions."))
    if not assignment.is_active:
        return deny(_("This assignment has ended."))
    return allow()


can_record_simulation = can_log_session


def can_read_private_notes(user, session) -> Verdict:
    """A session's notes stay between the coach who wrote them and the programme coordinator."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if user.has_role(Role.COORDINATOR) or session.assignment.coach.user_id == user.pk:
        return allow()
    return deny(_("Private notes stay between the coach and the coordinator."))


def can_mark_action_done(user, action, *, coached_candidacy_ids=None) -> Verdict:
    """The cooperative concerned, its coach or the coordinator marks an action done."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if action.done_at is not None:
        return deny(_("This action is already done."))
    if _is_coordinator(user):
        return allow()
    cooperative_id = action.candidacy.cooperative_id
    if user.has_role(Role.COOPERATIVE) and cooperative_id and cooperative_id in user.cooperative_ids:
        return allow()
    if user.has_role(Role.COACH):
        if coached_candidacy_ids is None:
            from .models import Assignment

            coached_candidacy_ids = set(
                Assignment.objects.filter(coach__user_id=user.pk, is_active=True).values_list(
                    "candidacy_id", flat=True
                )
            )
        if action.candidacy_id in coached_candidacy_ids:
            return allow()
    return deny(_("Only the cooperative, its coach or the coordinator can mark this action done."))


def can_assign_coach(user, candidacy=None) -> Verdict:
    if not _is_coordinator(user):
        return deny(_("Only the programme coordinator assigns coaches."))
    if candidacy is not None and candidacy.status not in COACHABLE_STATES:
        return deny(_("Only accompanied candidacies are coached."))
    return allow()


def can_end_assignment(user, assignment) -> Verdict:
    if not _is_coordinator(user):
        return deny(_("Only the programme coordinator ends an assignment."))
    if not assignment.is_active:
        return deny(_("This assignment has already ended."))
    return allow()


def can_edit_rubric(user, rubric=None) -> Verdict:
    if not _is_coordinator(user):
        return deny(_("Only the programme coordinator edits the rubric."))
    if rubric is not None and rubric.pk and rubric.simulations_exist:
        return deny(_("Simulations are already scored with this rubric: its criteria can no longer change."))
    return allow()


def can_edit_coach_profile(user, profile=None) -> Verdict:
    if not _authenticated(user):
        return deny(_("You must log in."))
    if _is_coordinator(user) or (profile is not None and profile.user_id == user.pk):
        return allow()
    return deny(_("Only the coach or the coordinator edits this profile."))


# Candidacies that receive coaching: admitted to the accompaniment, and finalists before the jury.
COACHABLE_STATES = frozenset({"accompanied", "finalist"})
