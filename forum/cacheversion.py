"""Version counters in the cache, for cached reads that their writers invalidate.

A reader puts `version(name)` into its cache key; a writer calls `bump(name)` after its
transaction commits, so every key of the old version is simply never read again (and expires
by its own timeout). No key listing, no pattern deletes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def _key(name: str) -> str:
    return f"version:{name}"


def version(name: str) -> int:
    value = cache.get(_key(name))
    if value is None:
        cache.add(_key(name), 1, timeout=None)
        value = cache.get(_key(name), 1)
    return int(value)


def bump(name: str) -> None:
    """Invalidate every cached read keyed on `name`, once the current transaction commits."""

    def incr() -> None:
        try:
            cache.incr(_key(name))
        except ValueError:  # never read yet: start above any value a reader may hold
            cache.add(_key(name), 2, timeout=None)

    transaction.on_commit(incr)
