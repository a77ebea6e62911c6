"""System checks of the platform's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (names refused, not bound)


def site_url_check(app_configs=None, **kwargs) -> list:
    """In production every absolute link is built from `ODCO_SITE_URL`
    (`odco.links`): it must be the platform's public address."""
    if settings.DEBUG:
        return []
    value = str(getattr(settings, "ODCO_SITE_URL", "") or "").strip()
    parts = urlsplit(value)
    hint = "Set ODCO_SITE_URL to the platform's public address, e.g. https://accompagnement.odco.gov.ma"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Error(f"ODCO_SITE_URL is not an http(s) address: {value!r}.", hint=hint, id="odco.E001")]
    if parts.hostname in LOOPBACK or parts.hostname.endswith(".localhost"):
        return [
            Error(
                f"ODCO_SITE_URL points to this machine ({value}): links in e-mails, QR codes and "
                "calendar files would not work elsewhere.",
                hint=hint,
                id="odco.E002",
            )
        ]
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        message = f"ODCO_SITE_URL must be an address without a path: {value!r}."
        return [Error(message, hint=hint, id="odco.E003")]
    if parts.scheme != "https":
        return [Warning(f"ODCO_SITE_URL is not https: {value}.", hint=hint, id="odco.W001")]
    return []
