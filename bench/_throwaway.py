"""A database (and Redis) for one benchmark run, on DATABASE_URL's server or an embedded one.

With DATABASE_URL set the database is created on that server; otherwise `forum.devstack`
starts an embedded PostgreSQL for it. With REDIS_URL unset an embedded Redis is started.
The database is dropped at the end unless `keep` (then it must already exist or is created,
and is left for the next run).
"""

from __future__ import annotations

import os
import secrets
import statistics
from collections.abc import Iterator
from contextlib import contextmanager

from matching import _admin, _with_db


@contextmanager
def throwaway(name: str, *, keep: bool = False, exists: bool = False) -> Iterator[dict]:
    """The environment for the run's child processes: DATABASE_URL, REDIS_URL, SECRET_KEY
    (stable for a kept database, whose sessions it signed) and a cache prefix of its own."""
    from forum.devstack import Stack

    stack = Stack()
    server_url = os.environ.get("DATABASE_URL")
    if keep and not server_url:
        raise SystemExit("keeping a database needs DATABASE_URL (the embedded one is thrown away)")
    if server_url:
        if not exists:
            _admin(server_url, f'CREATE DATABASE "{name}"')
        db_url = _with_db(server_url, name)
    else:
        stack.start_postgres(name)
        db_url = stack.env["DATABASE_URL"]
    if not os.environ.get("REDIS_URL"):
        stack.start_redis(15)
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        REDIS_URL=os.environ.get("REDIS_URL") or stack.env.get("REDIS_URL", ""),
    )
    secret = f"bench-only-{name}-{'k' * 40}" if keep else "bench-only-" + secrets.token_hex(32)
    env.setdefault("SECRET_KEY", secret)
    env["CACHE_KEY_PREFIX"] = name
    try:
        yield env
    finally:
        if keep:
            print(f"kept database {name}", flush=True)
        elif server_url:
            _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            stack.stop_postgres()
        if stack.redis_proc is not None:
            stack.redis_proc.terminate()
            stack.redis_proc.wait(10)


def p50_p95(timings: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of request timings."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
