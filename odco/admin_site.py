from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


class OdcoAdminSite(admin.AdminSite):
    """The admin has no login form of its own: every way in goes through allauth, so the second
    factor, the login throttle and the security log apply to it (odco/middleware.py checks the
    session passed the second factor on every admin page too)."""

    site_header = _("ODCO: accompaniment programme administration")
    site_title = _("ODCO administration")
    index_title = _("Administration")

    def _next_url(self, request) -> str:
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        return next_url

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """GET and POST alike: send to allauth's login, never read a password here."""
        next_url = self._next_url(request)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(next_url)
            # Logged in without admin access: allauth would send them straight back here.
            raise PermissionDenied
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(f"{reverse('account_login')}?{query}")

    def logout(self, request, extra_context=None):
        """The admin's log-out button posts here: allauth's log-out does the work."""
        from allauth.account.views import LogoutView

        return LogoutView.as_view()(request)
