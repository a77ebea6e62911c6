"""Second factor per session: a user who has one enrolled (TOTP or a security key) is let in
only by a session in which allauth recorded the second-factor step ("mfa" authentication
record, `allauth.account.authentication.get_authentication_records`).

Whether the user has one enrolled is read once, when the session logs in (Django's
`user_logged_in`, sent by every `login()`: allauth's, the test client's, any other view's),
and kept in the session, so pages cost no extra query. Adding or removing an authenticator
updates the session that did it; activating TOTP there counts as passing the second factor
(the user has just entered a valid code). The middleware (`odco/middleware.py`) logs out a
session that fails the check.

Receivers of Django's and allauth's signals: authentication plumbing, like the security log.
"""

import logging

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

log = logging.getLogger("odco.security")

SESSION_KEY = "odco_second_factor_enrolled"
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def _remember(request, user) -> bool:
    enrolled = is_mfa_enabled(user, SECOND_FACTOR_TYPES)
    request.session[SESSION_KEY] = [str(user.pk), enrolled]
    return enrolled


def has_second_factor(request, user) -> bool:
    """Whether `user` has a second factor enrolled (as known to this session)."""
    stored = request.session.get(SESSION_KEY)
    if isinstance(stored, list) and len(stored) == 2 and stored[0] == str(user.pk):
        return bool(stored[1])
    return _remember(request, user)


def session_passed_second_factor(request, user) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def session_is_missing_second_factor(request, user) -> bool:
    """A session of a user with a second factor that did not pass it: refuse it."""
    return has_second_factor(request, user) and not session_passed_second_factor(request, user)


@receiver(user_logged_in)
def remember_enrolment_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        _remember(request, user)


def _own_session(request, user) -> bool:
    return (
        request is not None
        and hasattr(request, "session")
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
        and request.user.pk == user.pk
    )


@receiver(mfa_signals.authenticator_added)
def authenticator_added(sender, request, user, authenticator, **kwargs):
    if not _own_session(request, user):
        return
    if authenticator.type in SECOND_FACTOR_TYPES:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
    _remember(request, user)


@receiver(mfa_signals.authenticator_removed)
def authenticator_removed(sender, request, user, authenticator, **kwargs):
    if _own_session(request, user):
        _remember(request, user)


@receiver(mfa_signals.authentication_failed)
def log_second_factor_failed(sender, request, user, authenticator, **kwargs):
    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    log.warning("second factor failed: user=%s ip=%s", user.pk, ip)
