"""Who may do what in the registry. Scope (which rows) is decided by `odco.scoping`; these
functions decide the action. Each returns (allowed, reason)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

can_view_cooperative_list = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
# Coaches open the cooperatives assigned to them (the coaching app's scope rule decides which).
can_view_cooperative = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COOPERATIVE, Role.COACH
)
can_export_cooperatives = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
# Writing the registry: ODCO staff anywhere, a delegation in its own region (checked per object).
can_edit_cooperatives = requires_roles(Role.DELEGATION)
can_import_cooperatives = requires_roles(Role.DELEGATION)


def _is_staff(user) -> bool:
    return bool(user.is_superuser or user.has_role(Role.STAFF))


def can_edit_cooperative(user, cooperative) -> Verdict:
    """Staff edit any cooperative; a delegation only those of its region."""
    if not getattr(user, "is_authenticated", False):
        return deny(_("You must log in."))
    if _is_staff(user):
        return allow()
    if user.has_role(Role.DELEGATION) and cooperative.region_id in user.delegation_region_ids:
        return allow()
    return deny(_("Only ODCO staff and the cooperative's regional delegation may edit it."))


def can_view_personal_data(user, cooperative) -> Verdict:
    """National ID numbers (law 09-08): ODCO staff and the cooperative's own delegation only."""
    if not getattr(user, "is_authenticated", False):
        return deny(_("You must log in."))
    if _is_staff(user):
        return allow()
    if user.has_role(Role.DELEGATION) and cooperative.region_id in user.delegation_region_ids:
        return allow()
    return deny(_("Personal data is shown only to ODCO staff and the regional delegation."))


def writable_region_ids(user) -> frozenset[int] | None:
    """Regions in which `user` may create, update or import cooperatives (None: every region)."""
    if _is_staff(user):
        return None
    if user.has_role(Role.DELEGATION):
        return user.delegation_region_ids
    return frozenset()


# Profile changes: the cooperative proposes, the delegation (or staff) requests and decides.
can_review_profile_changes = requires_roles(Role.DELEGATION)


def can_propose_profile_change(user, obj=None) -> Verdict:
    if not getattr(user, "is_authenticated", False):
        return deny(_("You must log in."))
    if not user.has_role(Role.COOPERATIVE):
        return deny(_("Only the cooperative's own accounts may propose changes to it."))
    return allow()
