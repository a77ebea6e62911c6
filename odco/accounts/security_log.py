"""Security events go to the `odco.security` logger: logins, failed logins, logouts.

Receivers of Django's auth signals: logging is not domain logic, and the signals are the
only hook Django offers for failed logins.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("odco.security")


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    log.info("login: user=%s ip=%s", user.pk, _ip(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    log.info("logout: user=%s ip=%s", getattr(user, "pk", None), _ip(request))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Never log the password; the login name is kept to spot attacks on one account.
    login = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    log.warning("login failed: login=%s ip=%s", str(login)[:200], _ip(request))
