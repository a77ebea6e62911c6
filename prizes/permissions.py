"""Who may do what with prizes. Scope (which rows) is decided by `odco.scoping`; these
functions decide the action and give a reason. Each returns (allowed, reason)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

from .workflow import SCORABLE_STATES, Transition

can_view_editions = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_view_timeline = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER, Role.COACH
)
can_view_candidacies = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_view_candidacy = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COOPERATIVE)
can_view_concept_notes = requires_roles(Role.COMMITTEE, Role.COORDINATOR)
can_view_ranking = requires_roles(Role.COMMITTEE)
can_use_jury_space = requires_roles(Role.JURY)
can_manage_prizes = requires_roles()  # ODCO staff only
# The provider's coordinator plans the phases it runs (dates and milestones).
can_plan_phases = requires_roles(Role.COORDINATOR)
can_register_candidacies = requires_roles(Role.COORDINATOR, Role.DELEGATION)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_staff(user) -> bool:
    return bool(_authenticated(user) and (user.is_superuser or user.has_role(Role.STAFF)))


def can_transition_candidacy(user, candidacy, transition: Transition | None = None) -> Verdict:
    """The workflow table allows the move for one of the user's roles, on this candidacy."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if transition is None or transition.source != candidacy.status:
        return deny(_("This step is not possible from the candidacy's current status."))
    if is_staff(user) and Role.STAFF in transition.roles:
        return allow()
    own = bool(candidacy.cooperative_id) and candidacy.cooperative_id in user.cooperative_ids
    if Role.COOPERATIVE in transition.roles and user.has_role(Role.COOPERATIVE) and own:
        return allow()
    if Role.COORDINATOR in transition.roles and user.has_role(Role.COORDINATOR):
        return allow()
    return deny(_("Your role may not take this step on this candidacy."))


def can_check_eligibility(user, candidacy=None) -> Verdict:
    if not is_staff(user):
        return deny(_("Only ODCO staff check eligibility."))
    return allow()


def can_write_concept_note(user, note=None) -> Verdict:
    if not _authenticated(user) or not (user.has_role(Role.COORDINATOR) or is_staff(user)):
        return deny(_("Only the programme coordinator writes the concept note."))
    if note is not None and note.status in ("submitted", "validated"):
        return deny(_("The note is under review or validated: it cannot be edited now."))
    return allow()


def can_review_concept_note(user, note=None) -> Verdict:
    if not is_staff(user):
        return deny(_("Only ODCO staff review the concept note."))
    if note is not None and note.status != "submitted":
        return deny(_("Only a submitted note can be reviewed."))
    return allow()


def can_score_candidacy(user, candidacy, *, seat_edition_ids=None, conflicted=None) -> Verdict:
    """A jury member of the candidacy's edition, without a declared conflict, on a finalist."""
    if not _authenticated(user) or not user.has_role(Role.JURY):
        return deny(_("Only jury members score candidacies."))
    if seat_edition_ids is None:
        seat_edition_ids = set(user.jury_seats.values_list("edition_id", flat=True))
    if candidacy.edition_id not in seat_edition_ids:
        return deny(_("You are not on this edition's jury."))
    if candidacy.status not in SCORABLE_STATES:
        return deny(_("Only finalists are scored."))
    if conflicted is None:
        conflicted = candidacy.conflicts.filter(juror=user).exists()
    if conflicted:
        return deny(_("You declared a conflict of interest with this candidacy."))
    return allow()


def can_confirm_deliberation(user, edition=None) -> Verdict:
    if not is_staff(user):
        return deny(_("Only ODCO staff confirm the laureates."))
    if edition is not None and hasattr(edition, "deliberation"):
        return deny(_("The laureates of this edition have already been confirmed."))
    return allow()


def can_plan_phase(user, phase=None) -> Verdict:
    if not _authenticated(user) or not (is_staff(user) or user.has_role(Role.COORDINATOR)):
        return deny(_("Only ODCO staff and the programme coordinator plan the phases."))
    return allow()
