"""Django's Redis cache that degrades instead of failing when Redis is away.

Everything the portal keeps in the cache can be lost: allauth's rate-limit histories, the
record of TOTP codes already used, cached fragments. So when Redis does not answer, reads miss,
writes are dropped and `add` reports success (rate limits allow, a lock is "taken"), each
logged as a warning, rather than turning a sign-in into a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degraded(operation: str, fallback: T, call: Callable[[], T]) -> T:
    try:
        return call()
    except UNAVAILABLE as exc:
        logger.warning("cache unavailable (%s): %s degraded", exc.__class__.__name__, operation)
        return fallback


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _degraded(
            "get", default, lambda: super(ResilientRedisCache, self).get(key, default, version)
        )

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        return _degraded(
            "get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version)
        )

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _degraded(
            "has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version)
        )

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        return _degraded(
            "add", True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version)
        )

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        _degraded(
            "set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version)
        )

    def set_many(self, data: dict, timeout: Any = None, version: int | None = None) -> list:
        return _degraded(
            "set_many",
            [],
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
        )

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        return _degraded(
            "touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return _degraded(
            "delete", False, lambda: super(ResilientRedisCache, self).delete(key, version)
        )

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        _degraded(
            "delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version)
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A version bump (forum.cacheversion) after a write: with Redis away there is no cached
        # read to invalidate either, so the write still answers instead of a 500.
        return _degraded(
            "incr", delta, lambda: super(ResilientRedisCache, self).incr(key, delta, version)
        )


K = TypeVar("K")


def cached_many(
    keys: dict[K, str], build: Callable[[list[K]], dict[K, Any]], *, timeout: int
) -> dict[K, Any]:
    """The cached value of each item of `keys` (item → cache key), building the missing ones
    with one call of `build` (missing items → values) and caching them for `timeout` seconds
    (0: not cached). An item `build` does not return is simply absent from the result."""
    from django.core.cache import cache

    found = cache.get_many(list(keys.values()))
    out = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in keys if item not in out]
    if missing:
        fresh = build(missing)
        out.update(fresh)
        if timeout and fresh:
            cache.set_many({keys[item]: value for item, value in fresh.items()}, timeout=timeout)
    return out
