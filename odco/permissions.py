"""Permission plumbing shared by every app.

Per-object rules are small functions `can_<verb>_<noun>(user, obj=None) -> (bool, reason)`
living in each app's `permissions.py`. Views declare the one they need with
`@permission_required(can_x)`: anonymous users go to the login page, a refusal answers 403
with the reason. Objects are looked up through scoped selectors, so an object outside the
user's scope answers 404 before any permission is asked.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .roles import Role

security_log = logging.getLogger("odco.security")

Verdict = tuple[bool, str]


def allow() -> Verdict:
    return True, ""


def deny(reason: str) -> Verdict:
    return False, reason


def requires_roles(*roles: str) -> Callable[..., Verdict]:
    """A permission function granted to any of `roles` (and to ODCO staff)."""

    def check(user, obj=None) -> Verdict:
        if not getattr(user, "is_authenticated", False):
            return deny(_("You must log in."))
        if user.is_superuser or user.has_role(Role.STAFF, *roles):
            return allow()
        return deny(_("Your role does not give access to this page."))

    check.__name__ = "can_" + "_or_".join(roles or ("staff",))
    return check


def check(user, permission: Callable[..., Verdict], obj=None) -> None:
    """Raise PermissionDenied (403) with the permission's reason if it refuses."""
    allowed, reason = permission(user, obj) if obj is not None else permission(user)
    if not allowed:
        security_log.info(
            "permission denied: user=%s permission=%s", getattr(user, "pk", None), permission.__name__
        )
        raise PermissionDenied(reason)


def permission_required(permission: Callable[..., Verdict]):
    """View decorator: login first, then the role-level permission (403 if refused)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, permission)
            return view(request, *args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
