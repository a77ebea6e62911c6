"""A Redis cache that degrades instead of failing: while Redis is down, reads miss and writes
are dropped (logged once a minute), so pages keep serving.

The login throttle does not fail open: its keys (allauth's rate-limit counters and locks, the
used-TOTP-code markers) go to the database meanwhile (odco/accounts/throttle_store.py)."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("odco.cache")

_last_warning = [0.0]


def _warn(error: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        log.warning("cache unavailable, serving without it: %s", error)


def _throttle_store():
    from odco.accounts import throttle_store

    return throttle_store


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn(error)
            if _throttle_store().holds(key):
                return _throttle_store().get(key, default)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _warn(error)
            return False

    def get_or_set(self, key, default, timeout=None, version=None):
        try:
            return super().get_or_set(key, default, timeout, version)
        except RedisError as error:
            _warn(error)
            return default() if callable(default) else default

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _warn(error)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def _quiet(self, method, *args, default=None, **kwargs):
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            _warn(error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            _warn(error)
            if _throttle_store().holds(key):
                _throttle_store().set(key, value, self.get_backend_timeout(timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _warn(error)
            if _throttle_store().holds(key):
                return _throttle_store().add(key, value, self.get_backend_timeout(timeout))
            return True  # other locks fail open: pages keep serving

    def set_many(self, *args, **kwargs):
        return self._quiet("set_many", *args, default=[], **kwargs)

    def touch(self, *args, **kwargs):
        return self._quiet("touch", *args, default=False, **kwargs)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _warn(error)
            if _throttle_store().holds(key):
                return _throttle_store().delete(key)
            return False

    def delete_many(self, *args, **kwargs):
        return self._quiet("delete_many", *args, **kwargs)

    def clear(self):
        return self._quiet("clear", default=False)
