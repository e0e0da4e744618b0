"""Executing runs: the claim, full runs batch by batch, the atomic swap."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from matchmaking.engine import build_index
from matchmaking.engine.symmetric import top_k_all
from matchmaking.models import NotInterested, PartnerProfile
from matchmaking.runs import worker_cache
from matchmaking.runs.loader import load_profiles
from matchmaking.runs.models import CurrentRun, Match, MatchRun, RunKind, RunStatus
from matchmaking.runs.services.common import (
    ProgressFn,
    match_rows_copy,
    run_lock_release,
    run_lock_try,
)
from matchmaking.runs.services.incremental import run_incremental
from matchmaking.runs.services.requests import profile_changed

log = logging.getLogger(__name__)


def match_run_execute(*, run_id: int, on_progress: ProgressFn | None = None) -> MatchRun | None:
    """Claim and execute a run; None if another worker holds it or it is already finished.

    Safe to call again after a crash: a full run resumes from its cursor.
    """
    if not run_lock_try(run_id):
        return None
    try:
        claimed = MatchRun.objects.filter(
            pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).update(status=RunStatus.RUNNING, attempts=F("attempts") + 1)
        if claimed != 1:
            return None
        MatchRun.objects.filter(pk=run_id, started_at=None).update(started_at=timezone.now())
        run = MatchRun.objects.get(pk=run_id)
        try:
            if run.kind == RunKind.FULL:
                _run_full(run, on_progress)
            else:
                run_incremental(run)
        except Exception as exc:
            log.exception("match run %s failed", run_id)
            MatchRun.objects.filter(pk=run_id).update(
                status=RunStatus.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:4000],
                finished_at=timezone.now(),
            )
            if run.kind == RunKind.FULL:
                Match.objects.filter(run_id=run_id).delete()
            raise
        return MatchRun.objects.get(pk=run_id)
    finally:
        run_lock_release(run_id)


def _store_batch(
    run_id: int, m, reasons: list[str], cursor: int, n_rows: int, compute: float
) -> None:
    """One batch's rows and the run's resume cursor, in ONE transaction: after a crash
    either both are there or neither is."""
    t = time.perf_counter()
    with transaction.atomic():
        # Rows and cursor commit together, so a commit lost in a crash is simply redone:
        # no need to wait for the WAL flush.
        with connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
        stored = match_rows_copy(
            run_id, m.profile_ids, m.partner_ids, m.ranks + 1, m.points, reasons
        )
        MatchRun.objects.filter(pk=run_id).update(
            done=F("done") + n_rows,
            cursor=cursor,
            compute_seconds=F("compute_seconds") + compute,
            store_seconds=F("store_seconds") + (time.perf_counter() - t),
            pairs_scored=F("pairs_scored") + m.pairs_scored,
            matches_stored=F("matches_stored") + stored,
        )


def _in_store_thread(fn, *args) -> None:
    try:
        fn(*args)
    finally:
        connection.close()  # this thread's own connection


def _run_full(run: MatchRun, on_progress: ProgressFn | None) -> None:
    """Score and store batch by batch. Outside a transaction, batch i is stored on a second
    thread (its own connection, in order) while batch i+1 is computed; inside one (tests)
    the store is inline so it sees the caller's uncommitted data."""

    t0 = time.perf_counter()
    loaded_at = timezone.now()
    index = build_index(load_profiles())
    compute = time.perf_counter() - t0
    ids = index.data.ids
    todo = np.flatnonzero(ids > run.cursor)
    done = int(len(ids) - len(todo))
    MatchRun.objects.filter(pk=run.pk).update(total=len(ids), done=done)
    batch = settings.MATCHRUNS_BATCH_SIZE
    k = settings.MATCHRUNS_K
    pipelined = not connection.in_atomic_block
    # Each list's k-th entry, for this worker's next incremental runs (complete runs only).
    kth_pts = np.full(len(ids), worker_cache.SHORT, dtype=np.int64) if done == 0 else None
    kth_partner = np.zeros(len(ids), dtype=np.int64)
    pool = ThreadPoolExecutor(max_workers=1) if pipelined else None
    pending: Future | None = None
    try:
        t1 = time.perf_counter()

        def scoring(done_rows: int, total_rows: int) -> None:
            if on_progress:  # in memory only: the page shows stored profiles
                run.phase, run.scored = "scoring", (done_rows, total_rows)
                on_progress(run)

        everything = top_k_all(index, k=k, progress=scoring)  # each pair scored once
        MatchRun.objects.filter(pk=run.pk).update(pairs_scored=everything.pairs_scored)
        compute += time.perf_counter() - t1
        for start in range(0, len(todo), batch):
            rows = todo[start : start + batch]
            t1 = time.perf_counter()
            m = everything.slice_rows(int(rows[0]), int(rows[-1]) + 1)
            m.pairs_scored = 0
            reasons = m.reasons_json()
            if kth_pts is not None:
                last = m.ranks == k - 1
                kth_pts[m.rows[last]] = m.points[last]
                kth_partner[m.rows[last]] = ids[m.partners[last]]
            compute += time.perf_counter() - t1
            args = (run.pk, m, reasons, int(ids[rows[-1]]), len(rows), compute)
            compute = 0.0
            if pending is not None:
                pending.result()  # in order, and a failed store stops the run
                _report(run, on_progress)
            if pool is not None:
                pending = pool.submit(_in_store_thread, _store_batch, *args)
            else:
                _store_batch(*args)
                _report(run, on_progress)
        if pending is not None:
            pending.result()
            _report(run, on_progress)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    if compute:
        MatchRun.objects.filter(pk=run.pk).update(compute_seconds=F("compute_seconds") + compute)
    _swap(run)
    worker_cache.index_cache.update(index=index, loaded_at=loaded_at)
    if kth_pts is not None:
        worker_cache.thresholds.update(
            run_id=run.pk, ids=ids.copy(), points=kth_pts, partner=kth_partner
        )


def _report(run: MatchRun, on_progress: ProgressFn | None) -> None:
    if on_progress:
        run.refresh_from_db()
        run.phase = "storing"
        on_progress(run)


def _swap(run: MatchRun) -> None:
    """Point readers at this run in one transaction, then drop older full runs' rows."""
    with transaction.atomic():
        current, _ = CurrentRun.objects.select_for_update().get_or_create(pk=1)
        old = current.run_id
        current.run_id = run.pk
        current.save()
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.COMPLETE, finished_at=timezone.now(), done=F("total")
        )
    if old and old != run.pk:
        Match.objects.filter(run_id=old).delete()
    # Profiles edited while this run was computing were patched into the OLD run's rows;
    # patch them into this one too.
    started = MatchRun.objects.values_list("started_at", flat=True).get(pk=run.pk)
    if started:
        _requeue_changed_since(started)


def _requeue_changed_since(since: datetime) -> None:

    changed = set(PartnerProfile.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    orgs = NotInterested.objects.filter(created_at__gte=since).values_list(
        "organisation_id", "other_id"
    )
    org_ids = {o for pair in orgs for o in pair}
    if org_ids:
        changed |= set(
            PartnerProfile.objects.filter(organisation_id__in=org_ids).values_list("pk", flat=True)
        )
    for pid in sorted(changed):
        profile_changed(profile_id=pid)
