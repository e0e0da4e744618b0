"""SIGKILL a real Celery worker in the middle of a full run's shard; another completes it.

Shard tasks are acks_late, so Redis redelivers the killed one once the visibility timeout
(3 s here) passes; the next worker computes it again (its half-written output was never
committed) and the run completes when the database says every shard is done. The result must
equal the engine's answer for every profile: no missing rows and no duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))

N_PROFILES = 1500


def _worker(env: dict, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "forum",
            "worker",
            "-P",
            "solo",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(predicate, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_completes_a_run_after_a_worker_is_killed_mid_shard():
    from _matching_load import load_synthetic

    from forum.celery import app
    from matchmaking.engine import build_index, top_k
    from matchmaking.runs.loader import load_profiles
    from matchmaking.runs.models import Match, MatchRun, MatchShard
    from matchmaking.runs.tasks import match_run_execute_task
    from matchmaking.tests.factories import ensure_taxonomy

    ensure_taxonomy()  # earlier transactional tests flush the migrations' taxonomy rows
    load_synthetic(N_PROFILES, seed=11, prefix="kill")
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{quote(db['HOST'] or '127.0.0.1', safe='')}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        PORTAL_TESTING="1",
        CELERY_VISIBILITY_TIMEOUT="3",
        MATCHRUNS_SHARD_ROWS="100",
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    app.conf.task_always_eager = False  # the root conftest turns it back on per test
    app.control.purge()
    run = MatchRun.objects.create(kind="full")
    match_run_execute_task.apply_async(args=[run.pk])

    def status() -> str:
        return MatchRun.objects.values_list("status", flat=True).get(pk=run.pk)

    def in_progress() -> list[int]:
        """Shards a worker has started (attempts counted) and not finished."""
        return list(
            MatchShard.objects.filter(run=run, done_at=None, attempts__gt=0).values_list(
                "pk", flat=True
            )
        )

    procs: list[subprocess.Popen] = []
    killed_mid_shard: list[int] = []
    try:
        # Kill a worker while it is inside a shard; a kill that lands between two shards
        # proves nothing, so try again with a fresh worker (a few times at most).
        for attempt in range(6):
            procs.append(_worker(env, f"doomed{attempt}@%h"))
            assert _wait(lambda: in_progress() or status() in ("complete", "failed"), 40)
            started = in_progress()
            os.killpg(procs[-1].pid, signal.SIGKILL)
            procs[-1].wait(10)
            still = set(started) & set(in_progress())
            if still:
                killed_mid_shard.extend(still)
                break
        assert killed_mid_shard, "every kill landed between shards"
        assert status() == "running"
        procs.append(_worker(env, "survivor@%h"))  # it redelivers after the 3 s timeout
        assert _wait(lambda: status() in ("complete", "failed"), 180, 0.2), status()
        assert status() == "complete", MatchRun.objects.get(pk=run.pk).error
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        app.control.purge()

    run.refresh_from_db()
    assert MatchShard.objects.get(pk=killed_mid_shard[0]).attempts >= 2  # computed again
    assert not MatchShard.objects.filter(run=run, done_at=None).exists()
    rows = list(Match.objects.filter(run=run).values_list("profile_id", "partner_id", "rank"))
    assert len(rows) == run.matches_stored
    assert len({(p, q) for p, q, _ in rows}) == len(rows), "duplicate pairs"
    assert len({(p, r) for p, _, r in rows}) == len(rows), "duplicate ranks"
    got: dict[int, list[int]] = {}
    for p, q, _ in sorted(rows, key=lambda r: (r[0], r[2])):
        got.setdefault(p, []).append(q)
    expected = {
        pid: partners.tolist()
        for pid, partners, _, _ in top_k(build_index(load_profiles())).by_row()
    }
    assert got == expected
