"""The shared cache, kept out of the way when Redis is not there.

Nothing in Lumbung Inovasi keeps data of record in the cache: it holds the rubric version, API
throttle counters, one-time markers of the region switcher and worker heartbeats. So when Redis
cannot be reached every call answers as if the cache were empty (get → default, add → False:
"not yours", set → dropped) instead of raising, and pages and endpoints keep answering. Each of
those answers is safe where it is used: the rubric is re-read from the database, throttles let the
request through (the login lock-out itself lives in the database, django-axes), and a region
switch token is refused rather than accepted twice.

Short socket timeouts keep a hung Redis from holding requests, and after a failure the cache is
not asked again for a couple of seconds, so an outage costs one timeout, not one per call."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OSError)
RETRY_AFTER_SECONDS = 2.0
WARN_EVERY_SECONDS = 60.0
T = TypeVar("T")


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that answers as an empty cache while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._warned_at = 0.0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        if not self.available:
            return fallback
        try:
            return call()
        except UNREACHABLE:
            now = time.monotonic()
            self._down_until = now + RETRY_AFTER_SECONDS
            if now - self._warned_at > WARN_EVERY_SECONDS:
                self._warned_at = now
                logger.warning("Redis cache unreachable; answering as an empty cache meanwhile")
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guard(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._guard(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guard(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None) -> bool:
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None) -> dict:
        return self._guard(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None) -> bool:
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None) -> int:
        return self._guard(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._guard(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None) -> None:
        self._guard(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    # Django's RedisCache.clear returns the bool of FLUSHDB (it is `self._cache.clear()`, called
    # here directly); the stubs only know BaseCache.clear, which returns None.
    def clear(self) -> bool:  # type: ignore[override]
        return self._guard(lambda: self._cache.clear(), False)
