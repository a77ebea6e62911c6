"""Who may do what with the public showcase. Each returns (allowed, reason)."""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

# ODCO staff and the programme coordinator approve publications.
can_review_public_pages = requires_roles(Role.COORDINATOR)
# Photos are seen by whoever may see the cooperative (scope decides which).
can_view_photos = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COACH, Role.COOPERATIVE
)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_edit_public_page(user, cooperative=None) -> Verdict:
    """Only the cooperative decides what it shows to the public."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if not user.has_role(Role.COOPERATIVE):
        return deny(_("Only the cooperative edits its public page."))
    if cooperative is not None and cooperative.pk not in user.cooperative_ids:
        return deny(_("Only the cooperative edits its public page."))
    return allow()


def can_review_public_page(user, profile=None) -> Verdict:
    allowed, reason = can_review_public_pages(user)
    if not allowed:
        return deny(_("Only ODCO staff and the coordinator approve public pages."))
    if profile is not None and profile.status != "submitted":
        return deny(_("Only a page submitted for approval can be approved or returned."))
    return allow()
