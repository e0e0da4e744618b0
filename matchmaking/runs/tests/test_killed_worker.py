"""SIGKILL a real Celery worker in the middle of a full run; a new worker completes it.

The task is acks_late, so Redis redelivers it once the visibility timeout (3 s here) passes;
the new worker takes the run's advisory lock (the dead worker's lock died with its
connection) and resumes after the last stored batch. The result must equal the engine's
answer for every profile: no missing rows and no duplicates.
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

N_PROFILES = 1000


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
def test_it_completes_a_run_after_the_worker_is_killed():
    from _matching_load import load_synthetic

    from forum.celery import app
    from matchmaking.engine import build_index, top_k
    from matchmaking.runs.loader import load_profiles
    from matchmaking.runs.models import Match, MatchRun
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
        MATCHRUNS_BATCH_SIZE="20",
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    app.conf.task_always_eager = False  # the root conftest turns it back on per test
    app.control.purge()
    run = MatchRun.objects.create(kind="full")
    match_run_execute_task.apply_async(args=[run.pk])

    def progress() -> tuple[int, int, str]:
        return MatchRun.objects.values_list("done", "total", "status").get(pk=run.pk)

    first = _worker(env, "first@%h")
    second = None
    try:
        assert _wait(lambda: progress()[0] >= N_PROFILES * 0.2, 40), "the run never started"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        done, total, status = progress()
        assert status == "running" and 0 < done < total, (done, total, status)
        time.sleep(3.5)  # past the visibility timeout: the broker hands the task out again
        second = _worker(env, "second@%h")
        assert _wait(lambda: progress()[2] == "complete", 45, 0.2), progress()
    finally:
        for proc in (first, second):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        app.control.purge()

    run.refresh_from_db()
    assert run.attempts == 2
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
