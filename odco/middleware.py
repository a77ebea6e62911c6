from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/verify/", "/laureats/")


class MfaRequiredMiddleware:
    """Send users whose roles require a second factor (MFA_REQUIRED_ROLES) to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = settings.MFA_REQUIRED_ROLES
        user = request.user
        if (
            required
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and (user.roles.intersection(required) or (user.is_superuser and "staff" in required))
            and not is_mfa_enabled(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
