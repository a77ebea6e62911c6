import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from odco.accounts.second_factor import has_second_factor, session_is_missing_second_factor

EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/verify/", "/laureats/")

log = logging.getLogger("odco.security")


class MfaRequiredMiddleware:
    """Second factor on every page.

    - A user with a second factor enrolled is let in only by a session that passed it
      (odco/accounts/second_factor.py); any other session (a password-only login, Django's
      `login()` from another view) is logged out and sent to log in again, on every path incl.
      /admin/ (on exempt paths it goes on anonymously).
    - Users whose roles require a second factor (MFA_REQUIRED_ROLES) are sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        exempt = request.path.startswith(EXEMPT_PREFIXES)
        if session_is_missing_second_factor(request, user):
            log.warning(
                "second factor missing from session: user=%s path=%s ip=%s",
                user.pk,
                request.path[:200],
                request.META.get("REMOTE_ADDR", ""),
            )
            logout(request)
            if exempt:
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        required = settings.MFA_REQUIRED_ROLES
        if (
            required
            and not exempt
            and (user.roles.intersection(required) or (user.is_superuser and "staff" in required))
            and not has_second_factor(request, user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
