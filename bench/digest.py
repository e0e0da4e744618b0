"""Digest benchmark: N subscribers, the real batch task in two worker processes, a local SMTP
sink, and the transport's own ceiling measured in the same run.

    python bench/digest.py --subscribers 100000

Uses a THROWAWAY database: `bench_digest_<random>` on the DATABASE_URL server (or on the
embedded PostgreSQL of forum.devstack when DATABASE_URL is unset), migrated, dropped at the end.
The last line printed is:

    digest subscribers=N sent=… duplicates=… seconds=… per_s=… ceiling_per_s=… ratio=… peak_rss_mb=…
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from tests.smtp import ProcessSink  # noqa: E402


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(name: str) -> tuple[str, object | None]:
    """A fresh database on the DATABASE_URL server, or on the embedded dev PostgreSQL."""
    url = os.environ.get("DATABASE_URL")
    stack = None
    if not url:
        from forum.devstack import Stack

        stack = Stack()
        stack.start_postgres(name)
        url = stack.env["DATABASE_URL"]
        if not os.environ.get("REDIS_URL"):
            stack.start_redis(15)
            os.environ["REDIS_URL"] = stack.env["REDIS_URL"]
        return url, stack
    import psycopg2

    admin = psycopg2.connect(_with_database(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return _with_database(url, name), stack


def drop_database(url: str, name: str, stack) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg2

    admin = psycopg2.connect(_with_database(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
    if stack is not None:
        stack.stop_redis()
        stack.stop_postgres()


def sample_payloads(now: datetime) -> list[bytes]:
    """Real digest messages of a few subscribers (all languages), for the ceiling run; built
    from unsaved delivery rows, as the admin preview does, before anything is sent."""
    from django.utils import translation

    from accounts.models import User
    from digests.models import Delivery
    from digests.planner import batch_plan
    from digests.render import Renderer

    users = User.objects.filter(email__endswith="@bench.example").select_related(
        "organisation", "digest_preference"
    )[:30]
    rows = [Delivery(pk=0, user=u, kind="daily", period=now.date(), window_end=now) for u in users]
    planned, _ = batch_plan(rows=rows)
    renderer = Renderer()
    payloads = []
    for plan in planned:
        with translation.override(plan.recipient.language):
            message = renderer.build(plan.recipient, plan.items, plan.personal)
        payloads.append(message.as_bytes())
    return payloads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sinks", type=int, default=2, help="SMTP sink processes")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    n = args.subscribers

    name = f"bench_digest_{secrets.token_hex(4)}"
    url, stack = create_database(name)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="forum.settings",
        DEBUG="0",
        PORTAL_TESTING="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        EMAIL_URL="",
        EMAIL_HOST="127.0.0.1",
        EMAIL_USE_TLS="0",
        DIGEST_BENCH="1",
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    log(f"database {name}")
    try:
        run(args, n, url)
    finally:
        if args.keep:
            log(f"kept database {name}")
        else:
            drop_database(url, name, stack)
            log(f"dropped database {name}")


def run(args, n: int, url: str) -> None:
    import django

    os.environ["EMAIL_PORT"] = "1"  # replaced per phase below, before workers start
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import _digest_data

    # Daily digests; 05:00 UTC is 10:30 IST and 14:00 JST: everyone's 08:00 has passed.
    real_now = datetime.now(UTC)
    now = real_now.replace(hour=5, minute=0, second=0, microsecond=0)
    if now > real_now:
        now -= timedelta(days=1)
    started = time.monotonic()
    _digest_data.create_subscribers(n)
    items = _digest_data.create_content(now=now)
    log(f"created {n} subscribers and {items} items in {time.monotonic() - started:.1f}s")
    from django.db import connections

    connections.close_all()

    from digests.services import digest_schedule

    payloads = sample_payloads(now)
    size = sum(len(p) for p in payloads) / max(len(payloads), 1)
    log(f"ceiling: {len(payloads)} sample messages, {size:.0f} bytes on average")
    connections.close_all()
    ctx = mp.get_context("spawn")
    addresses = [f"sub{i}@bench.example" for i in range(n)]
    batches = [addresses[i : i + args.batch] for i in range(0, n, args.batch)]
    # The ceiling is measured half before and half after the digest run, so that load from
    # elsewhere on the machine weighs on both measurements alike.
    half = len(batches) // 2
    ceiling_seconds = _ceiling(ctx, args, payloads, batches[:half])

    # --- the digest run ------------------------------------------------------------------
    with ProcessSink(args.sinks) as sink:
        os.environ["EMAIL_PORT"] = str(sink.port)
        from django.conf import settings

        settings.EMAIL_PORT = sink.port
        with ctx.Pool(args.workers, initializer=_init_worker) as pool:
            pool.map(_noop, range(args.workers))  # workers are up before the clock starts
            t0 = time.monotonic()
            tick = digest_schedule(now=now, batch_size=args.batch)
            connections.close_all()
            results = pool.starmap(
                _run_batch,
                [(ids, tick.run.pk, now.isoformat()) for ids in tick.batches],
                chunksize=1,
            )
            seconds = time.monotonic() - t0
    counts = sink.counts
    sent = len(counts)
    duplicates = sum(c - 1 for c in counts.values() if c > 1)
    db_sent = sum(r[0] for r in results)
    peak_rss_mb = max(r[1] for r in results) / 1024
    log(f"digest run: {sent} recipients, {db_sent} recorded sent, {seconds:.1f}s")
    rss = [r[2] // 1024 for r in results]
    log(f"worker RSS after batches (MB): first {rss[:4]}, last {rss[-4:]}")

    # --- the transport's ceiling, second half ------------------------------------------------
    ceiling_seconds += _ceiling(ctx, args, payloads, batches[half:])
    ceiling_per_s = n / ceiling_seconds
    per_s = sent / seconds
    print(
        f"digest subscribers={n} sent={sent} duplicates={duplicates} seconds={seconds:.1f} "
        f"per_s={per_s:.0f} ceiling_per_s={ceiling_per_s:.0f} ratio={per_s / ceiling_per_s:.2f} "
        f"peak_rss_mb={peak_rss_mb:.0f}",
        flush=True,
    )


def _ceiling(ctx, args, payloads: list[bytes], batches: list[list[str]]) -> float:
    """Seconds for the same number of processes to push these batches of pre-built messages
    through a fresh sink with plain smtplib, one connection per batch, doing nothing else."""
    with (
        ProcessSink(args.sinks) as sink,
        ctx.Pool(args.workers, initializer=_init_worker) as pool,
    ):
        pool.map(_noop, range(args.workers))
        t0 = time.monotonic()
        pool.starmap(_push_batch, [(sink.port, payloads, b) for b in batches], chunksize=1)
        seconds = time.monotonic() - t0
    log(f"ceiling: {sum(map(len, batches))} messages in {seconds:.1f}s")
    return seconds


def _init_worker() -> None:
    import _digest_workers

    _digest_workers.init()


def _noop(_: int) -> None:
    return None


def _run_batch(ids: list[int], run_id: int, now: str) -> tuple[int, int, int]:
    import _digest_workers

    return _digest_workers.run_batch(ids, run_id, now)


def _push_batch(port: int, payloads: list[bytes], addresses: list[str]) -> tuple[int, int]:
    import _digest_workers

    return _digest_workers.push_batch(port, payloads, addresses)


if __name__ == "__main__":
    main()
