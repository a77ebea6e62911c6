"""Every absolute link the platform writes (e-mails, SMS, QR codes, calendar files, share
links) is built here, from `settings.ODCO_SITE_URL`, never from the request's host.

In development the address defaults to http://127.0.0.1:8000; in production it is required
(`odco.checks.site_url_check` fails `check --deploy` without a public http(s) address).
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The platform's public address, without a trailing slash."""
    return str(getattr(settings, "ODCO_SITE_URL", "") or DEVELOPMENT_SITE_URL).rstrip("/")


def site_host() -> str:
    """The host name of the public address (e.g. for calendar UIDs)."""
    return urlsplit(site_url()).hostname or "localhost"


def absolute_url(path_or_name: str, *args, query: dict | None = None, **kwargs) -> str:
    """An absolute link: a path ('/verify/X/'), a URL name with its arguments
    ('committee:meeting', 12), or an address already absolute (returned unchanged).
    `query` adds a query string (empty values left out)."""
    if not path_or_name:
        return ""
    if path_or_name.startswith(("http://", "https://")):
        return path_or_name
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args, kwargs=kwargs)
    if query:
        encoded = urlencode({k: v for k, v in query.items() if v not in (None, "")})
        if encoded:
            path = f"{path}?{encoded}"
    return site_url() + path
