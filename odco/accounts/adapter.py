from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import gettext as _

from odco.links import absolute_url, site_url


def _rebased(value):
    """The same path on the public address (a link built from the request's host)."""
    if not isinstance(value, str):
        return value
    parts = urlsplit(value)
    if not parts.path.startswith("/"):
        return value
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by ODCO (adduser, admin, invitations): no public sign-up. Links in
    allauth's e-mails are built from `ODCO_SITE_URL` (`odco.links`), not from the host the
    request came in on."""

    def is_open_for_signup(self, request):
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth passes an opaque "<uid>-<token>" key and fills the route the same way
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's mails sign off with the site's name and domain (otherwise the request's host)
        # and may carry other links built from the request (`signup_url`, `password_reset_url`)
        site = SimpleNamespace(name=_("ODCO"), domain=urlsplit(site_url()).netloc)
        links = {key: _rebased(value) for key, value in context.items() if key.endswith("_url")}
        super().send_mail(template_prefix, email, {**context, **links, "current_site": site})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url("account_confirm_email", emailconfirmation.key)
