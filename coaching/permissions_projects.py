"""Who may do what with a cooperative's project (canvas, plan, deck, public page).

Scope (which cooperatives) is decided by `odco.scoping` through the selectors: a coach sees the
cooperatives they are assigned to, a delegation its region, a cooperative itself. These
functions decide the action and give a reason. Each returns (allowed, reason).
"""

from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, requires_roles
from odco.roles import Role

# Page-level permissions (the cooperative is then looked up in the user's scope).
can_use_project_space = requires_roles(Role.COOPERATIVE)
can_view_projects = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COACH)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _owns(user, cooperative) -> bool:
    return bool(
        _authenticated(user)
        and user.has_role(Role.COOPERATIVE)
        and cooperative is not None
        and cooperative.pk in user.cooperative_ids
    )


def can_edit_project(user, cooperative=None) -> Verdict:
    """The cooperative structures its own project: canvas, plan, photos, public page."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if cooperative is None and user.has_role(Role.COOPERATIVE) and user.cooperative_ids:
        return allow()
    if _owns(user, cooperative):
        return allow()
    return deny(_("Only the cooperative edits its own project."))


def can_comment_project(user, cooperative=None, *, coached_cooperative_ids=None) -> Verdict:
    """Its coach (while assigned) and the programme coordinator comment block by block."""
    if not _authenticated(user):
        return deny(_("You must log in."))
    if user.is_superuser or user.has_role(Role.STAFF, Role.COORDINATOR):
        return allow()
    if user.has_role(Role.COACH):
        if cooperative is None:
            return allow()
        if coached_cooperative_ids is None:
            from .models import Assignment

            coached_cooperative_ids = set(
                Assignment.objects.filter(coach__user_id=user.pk, is_active=True).values_list(
                    "candidacy__cooperative_id", flat=True
                )
            )
        if cooperative.pk in coached_cooperative_ids:
            return allow()
    return deny(_("Only the cooperative's coach or the coordinator comments on its project."))


def can_request_deck(user, cooperative=None) -> Verdict:
    """The cooperative, its coach or the coordinator makes a new version of the pitch deck."""
    if can_edit_project(user, cooperative)[0] or can_comment_project(user, cooperative)[0]:
        return allow()
    return deny(_("Only the cooperative, its coach or the coordinator makes its pitch deck."))
