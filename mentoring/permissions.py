"""Who may do what in mentoring. Scope (which rows) is decided by `odco.scoping`; these
functions decide the action and give a reason. Each returns (allowed, reason)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

# Page-level permissions (the object, if any, is then looked up in the user's scope).
can_view_mentors = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_match_mentors = requires_roles(Role.COORDINATOR)
# Recording mentors (`mentor_save` checks the same through `can_propose_mentorship`).
can_edit_mentors = requires_roles(Role.STAFF, Role.COORDINATOR)
can_use_mentor_space = requires_roles(Role.MENTOR)
can_view_region_mentoring = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_view_mentorship = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.MENTOR, Role.COOPERATIVE
)
can_edit_needs_page = requires_roles(Role.COORDINATOR, Role.DELEGATION)

# Candidacies that are mentored: the laureates.
MENTORED_STATES = frozenset({"laureate"})


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _is_planner(user) -> bool:
    return _authenticated(user) and (user.is_superuser or user.has_role(Role.STAFF, Role.COORDINATOR))


def is_mentor_of(user, mentorship) -> bool:
    return bool(_authenticated(user) and user.has_role(Role.MENTOR) and mentorship.mentor.user_id == user.pk)


def is_mentee_of(user, mentorship) -> bool:
    cooperative_id = mentorship.candidacy.cooperative_id
    return bool(
        _authenticated(user)
        and user.has_role(Role.COOPERATIVE)
        and cooperative_id
        and cooperative_id in user.cooperative_ids
    )


def can_edit_needs(user, candidacy=None) -> Verdict:
    """The coordinator, or the delegation of the laureate's region, records its needs."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if candidacy is not None and candidacy.status not in MENTORED_STATES:
        return deny(_("Only laureates are mentored."))
    if _is_planner(user):
        return allow()
    if user.has_role(Role.DELEGATION) and (
        candidacy is None or candidacy.region_id in user.delegation_region_ids
    ):
        return allow()
    return deny(_("Only the coordinator or the laureate's regional delegation records its needs."))


def can_propose_mentorship(user, candidacy=None) -> Verdict:
    if not _is_planner(user):
        return deny(_("Only the programme coordinator proposes mentors."))
    if candidacy is not None and candidacy.status not in MENTORED_STATES:
        return deny(_("Only laureates are mentored."))
    return allow()


def can_transition_mentorship(user, mentorship, transition) -> Verdict:
    """State first, then the role in the workflow table, then the mentor's own mentorships."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if transition is None or transition.source != mentorship.status:
        return deny(
            _("This step is not possible from the status “%(status)s”.")
            % {"status": mentorship.get_status_display()}
        )
    if user.is_superuser or user.has_role(*(transition.roles - {Role.MENTOR})):
        return allow()
    if Role.MENTOR in transition.roles and is_mentor_of(user, mentorship):
        return allow()
    return deny(_("Your role cannot take this step."))


def can_add_objective(user, mentorship) -> Verdict:
    if not _authenticated(user):
        return deny(_("You must log in."))
    if mentorship.status not in ("confirmed", "active"):
        return deny(_("Objectives are set while the mentorship is confirmed or active."))
    if _is_planner(user) or is_mentor_of(user, mentorship):
        return allow()
    return deny(_("Only the mentor or the coordinator sets objectives."))


def can_log_meeting(user, mentorship) -> Verdict:
    """Only the mentor logs meetings, while the mentorship is active."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if not is_mentor_of(user, mentorship):
        return deny(_("Only the mentor logs the meetings of this mentorship."))
    if mentorship.status != "active":
        return deny(_("Meetings are logged while the mentorship is active."))
    return allow()


def evaluation_side_of(user, mentorship) -> str | None:
    if is_mentor_of(user, mentorship):
        return "mentor"
    if is_mentee_of(user, mentorship):
        return "mentee"
    return None


def can_evaluate(user, mentorship, *, done_sides=()) -> Verdict:
    """Each side (the mentor, the laureate's account) evaluates once the mentorship is closed."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if mentorship.status != "closed":
        return deny(_("The evaluation comes once the mentorship is closed."))
    side = evaluation_side_of(user, mentorship)
    if side is None:
        return deny(_("Only the mentor and the laureate evaluate the mentorship."))
    if side in done_sides:
        return deny(_("You have already evaluated this mentorship."))
    return allow()
