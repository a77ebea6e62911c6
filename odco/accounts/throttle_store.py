"""Where the login throttle keeps its counters while Redis is down.

`odco.cache.ResilientRedisCache` degrades for everything else (reads miss, writes are
dropped), but the keys below must hold or the throttle fails open: allauth's rate-limit
counters and their locks (`allauth:rl:…`) and the used-TOTP-code markers that stop a code
being replayed. For those keys, a Redis error sends the call here, to the database, which every
web process shares. A small cache API (get, set, add, delete) with the cache's timeouts;
expired rows are ignored and swept on write.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

HELD_PREFIXES = ("allauth:rl:", "allauth.mfa.totp.used")


def holds(key) -> bool:
    return isinstance(key, str) and key.startswith(HELD_PREFIXES)


def _entries():
    from .models import RateLimitEntry

    return RateLimitEntry.objects


def _expiry(timeout):
    return None if timeout is None else timezone.now() + timedelta(seconds=max(timeout, 0))


def _live(queryset):
    from django.db.models import Q

    return queryset.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def get(key: str, default=None):
    entry = _live(_entries().filter(key=key)).values_list("value", flat=True).first()
    return default if entry is None else entry


def set(key: str, value, timeout) -> None:  # noqa: A001 - the cache API's name
    _entries().filter(expires_at__lte=timezone.now()).delete()
    _entries().update_or_create(key=key, defaults={"value": value, "expires_at": _expiry(timeout)})


def add(key: str, value, timeout) -> bool:
    """Store `value` unless a live entry exists; True if stored (a lock taken)."""
    _entries().filter(key=key, expires_at__lte=timezone.now()).delete()
    try:
        with transaction.atomic():
            _entries().create(key=key, value=value, expires_at=_expiry(timeout))
    except IntegrityError:
        return False
    return True


def delete(key: str) -> bool:
    deleted, _ = _entries().filter(key=key).delete()
    return bool(deleted)
