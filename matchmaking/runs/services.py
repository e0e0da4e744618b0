"""Writes for match runs: request, execute (full or incremental), store, swap.

The task, `manage.py run_matching` and `bench/matching.py` all call `match_run_execute`, so
the benchmark measures the code path production runs.

Guarantees (see docs/matching.md):
- a run is executed by one worker at a time: a PostgreSQL advisory lock keyed on the run id
  is held for the whole execution and dies with the worker's connection if it is killed;
- a full run stores its rows batch by batch, each batch in one transaction together with the
  run's resume cursor, so a killed run resumes after the last stored batch with no missing
  and no duplicate rows;
- readers follow `CurrentRun`, flipped in one transaction when a full run completes.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from matchmaking.engine import Index, build_index, score_one
from matchmaking.engine.reasons import explain_json
from matchmaking.engine.scoring import to_score
from matchmaking.engine.symmetric import top_k_all
from matchmaking.runs.models import CurrentRun, Match, MatchRun, RunKind, RunStatus

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 4_040_404  # first key of pg_advisory_lock(int, int); the second is the run id


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def k_setting() -> int:
    return _setting("MATCHRUNS_K", 20)


# --- requesting runs ------------------------------------------------------------------------


def _queue(run: MatchRun, countdown: int = 0) -> None:
    from matchmaking.runs.tasks import match_run_execute_task

    transaction.on_commit(
        lambda: match_run_execute_task.apply_async(args=[run.pk], countdown=countdown)
    )


def match_run_request(*, kind: str, requested_by=None, profile_id: int | None = None) -> MatchRun:
    """Queue a run. A full run already queued or running is reused rather than doubled; an
    incremental run for a profile that already has one queued is that one (the debounce)."""
    if kind == RunKind.FULL:
        with transaction.atomic():
            active = (
                MatchRun.objects.select_for_update()
                .filter(kind=RunKind.FULL, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
                .first()
            )
            if active:
                # Nobody holds its lock: its worker died and the message is gone (or it
                # never ran). Queue it again; the claim makes a duplicate harmless.
                if _try_lock(active.pk):
                    _unlock(active.pk)
                    _queue(active)
                return active
            run = MatchRun.objects.create(kind=RunKind.FULL, requested_by=requested_by)
            _queue(run)
        return run
    if kind != RunKind.INCREMENTAL or profile_id is None:
        raise ValueError("an incremental run needs a profile_id")
    existing = MatchRun.objects.filter(
        kind=RunKind.INCREMENTAL, status=RunStatus.QUEUED, profile_id=profile_id
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                kind=RunKind.INCREMENTAL,
                profile_id=profile_id,
                requested_by=requested_by,
                total=1,
            )
    except IntegrityError:  # another request queued it a moment ago: same debounce window
        return MatchRun.objects.get(
            kind=RunKind.INCREMENTAL, status=RunStatus.QUEUED, profile_id=profile_id
        )
    _queue(run, countdown=_setting("MATCHRUNS_DEBOUNCE_SECONDS", 30))
    return run


def profile_changed(*, profile_id: int) -> None:
    """A profile (or its not-interested list) changed: one debounced incremental run.

    Ten edits inside the debounce window find the same queued run and queue nothing more;
    the run reads the profile when it starts, so it sees the last edit.
    """
    match_run_request(kind=RunKind.INCREMENTAL, requested_by=None, profile_id=profile_id)


# --- executing runs -------------------------------------------------------------------------


def _try_lock(run_id: int) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, run_id])
        return bool(cur.fetchone()[0])


def _unlock(run_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, run_id])


ProgressFn = Callable[[MatchRun], None]


def match_run_execute(*, run_id: int, on_progress: ProgressFn | None = None) -> MatchRun | None:
    """Claim and execute a run; None if another worker holds it or it is already finished.

    Safe to call again after a crash: a full run resumes from its cursor.
    """
    if not _try_lock(run_id):
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
                _run_incremental(run)
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
        _unlock(run_id)


def _copy_rows(
    run_id: int,
    profile_ids: np.ndarray,
    partner_ids: np.ndarray,
    ranks: np.ndarray,
    points: np.ndarray,
    reasons: list[str],
) -> int:
    """COPY match rows in; ranks are 1-based here. Runs inside the caller's transaction."""
    scores = to_score(points)
    buf = io.StringIO()
    for pid, partner, rank, pts, score, why in zip(
        profile_ids.tolist(),
        partner_ids.tolist(),
        ranks.tolist(),
        points.tolist(),
        scores.tolist(),
        reasons,
        strict=True,
    ):
        text = why.replace("\\", "\\\\")  # COPY text format escapes backslashes
        buf.write(f"{run_id}\t{pid}\t{partner}\t{rank}\t{pts}\t{score}\t{text}\n")
    buf.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(
            f"COPY {Match._meta.db_table} (run_id, profile_id, partner_id, rank, points, score, "
            "reasons) FROM STDIN",
            buf,
        )
    return len(reasons)


def _store_batch(
    run_id: int, m, reasons: list[str], cursor: int, n_rows: int, compute: float
) -> None:
    """One batch's rows and the run's resume cursor, in ONE transaction: after a crash
    either both are there or neither is."""
    t = time.perf_counter()
    with transaction.atomic():
        stored = _copy_rows(run_id, m.profile_ids, m.partner_ids, m.ranks + 1, m.points, reasons)
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
    from matchmaking.runs.loader import load_profiles

    t0 = time.perf_counter()
    loaded_at = timezone.now()
    index = build_index(load_profiles())
    compute = time.perf_counter() - t0
    ids = index.data.ids
    todo = np.flatnonzero(ids > run.cursor)
    done = int(len(ids) - len(todo))
    MatchRun.objects.filter(pk=run.pk).update(total=len(ids), done=done)
    batch = _setting("MATCHRUNS_BATCH_SIZE", 5000)
    k = k_setting()
    pipelined = not connection.in_atomic_block
    # Each list's k-th entry, for this worker's next incremental runs (complete runs only).
    kth_pts = np.full(len(ids), _SHORT, dtype=np.int64) if done == 0 else None
    kth_partner = np.zeros(len(ids), dtype=np.int64)
    pool = ThreadPoolExecutor(max_workers=1) if pipelined else None
    pending: Future | None = None
    try:
        t1 = time.perf_counter()
        everything = top_k_all(index, k=k)  # each cross-border pair scored once
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
    _CACHE.update(index=index, loaded_at=loaded_at)
    if kth_pts is not None:
        _THRESHOLDS.update(run_id=run.pk, ids=ids.copy(), points=kth_pts, partner=kth_partner)


def _report(run: MatchRun, on_progress: ProgressFn | None) -> None:
    if on_progress:
        run.refresh_from_db()
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
    from matchmaking.models import NotInterested, PartnerProfile

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


# --- incremental ----------------------------------------------------------------------------

#: The worker's copy of all profiles as an engine index, refreshed by `updated_at` per run.
_CACHE: dict = {"index": None, "loaded_at": None}


def _fresh_index(profile_id: int) -> Index:
    """The cached index with every profile changed since it was loaded (and this one) re-read."""
    from matchmaking.models import NotInterested, PartnerProfile
    from matchmaking.runs.loader import load_profiles

    index: Index | None = _CACHE["index"]
    now = timezone.now()
    if index is None:
        index = build_index(load_profiles())
        _CACHE.update(index=index, loaded_at=now)
    since = _CACHE["loaded_at"]
    changed = set(PartnerProfile.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    changed.add(profile_id)
    ni_orgs = {
        o
        for pair in NotInterested.objects.filter(created_at__gte=since).values_list(
            "organisation_id", "other_id"
        )
        for o in pair
    }
    if ni_orgs:
        changed |= set(
            PartnerProfile.objects.filter(organisation_id__in=ni_orgs).values_list("pk", flat=True)
        )
    ids = sorted(changed)
    part = load_profiles(ids, vocab=index.data.vocab)
    gone = np.setdiff1d(np.asarray(ids, dtype=np.int64), part.ids)
    old_pairs = index.data.not_interested
    touched = np.isin(old_pairs, part.ids).any(axis=1) if len(old_pairs) else np.zeros(0, bool)
    pairs = np.concatenate([old_pairs[~touched], part.not_interested]).reshape(-1, 2)
    index = index.with_profiles(part, pairs)
    # Deletions leave no updated_at behind: when a profile is gone, or the id set no longer
    # matches (count and sum of ids), reload everything rather than match ghosts.
    live = PartnerProfile.objects.aggregate(n=Count("id"), s=Sum("id"))
    if len(gone) or (live["n"], live["s"] or 0) != (index.n, int(index.data.ids.sum())):
        index = build_index(load_profiles())
    _CACHE.update(index=index, loaded_at=now)
    return index


def _run_incremental(run: MatchRun) -> None:
    t0 = time.perf_counter()
    current_run_id = CurrentRun.objects.filter(pk=1).values_list("run_id", flat=True).first()
    if current_run_id is None or run.profile_id is None:
        # Nothing to patch yet: the next full run (nightly, or the demo seed's) includes it.
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.COMPLETE, finished_at=timezone.now(), done=1
        )
        return
    k = k_setting()
    index = _fresh_index(run.profile_id)
    row = index.row_of(run.profile_id)
    if row >= 0:
        rs = score_one(index, row)
        own_p, own_pts = rs.top(k)
        own_reasons = explain_json(index, np.full(len(own_p), row), own_p)
        positive = rs.points >= 1
        cand_rows, cand_pts = rs.partners[positive], rs.points[positive]
    else:
        own_p = cand_rows = np.zeros(0, dtype=np.int64)
        own_pts = cand_pts = np.zeros(0, dtype=np.int32)
        own_reasons = []
    compute = time.perf_counter() - t0
    t1 = time.perf_counter()
    table = Match._meta.db_table
    pid = run.profile_id
    ids = index.data.ids
    with transaction.atomic():
        CurrentRun.objects.select_for_update().get(pk=1)
        current_run_id = CurrentRun.objects.values_list("run_id", flat=True).get(pk=1)
        with connection.cursor() as cur:
            cur.execute(
                f"DELETE FROM {table} WHERE run_id = %s AND profile_id = %s", [current_run_id, pid]
            )
            cur.execute(
                f"DELETE FROM {table} WHERE run_id = %s AND partner_id = %s RETURNING profile_id",
                [current_run_id, pid],
            )
            affected = {r[0] for r in cur.fetchall()}
        # Lists X now enters: X beats their k-th entry (ties: lower id first), or they are
        # shorter than k (incl. those X just left). A stale threshold only costs a row that
        # the re-rank below cuts again, or a list that waits for the next full run.
        kth_pts, kth_partner = _thresholds(current_run_id, index, k)
        cand_ids = ids[cand_rows]
        beats = (cand_pts > kth_pts[cand_rows]) | (
            (cand_pts == kth_pts[cand_rows]) & (pid < kth_partner[cand_rows])
        )
        beats |= np.isin(cand_ids, list(affected))
        entering = cand_ids[beats]
        stored = _copy_rows(
            current_run_id,
            np.full(len(own_p), pid, dtype=np.int64),
            ids[own_p],
            np.arange(1, len(own_p) + 1),
            own_pts,
            own_reasons,
        )
        if len(entering):
            e_rows = cand_rows[beats]
            e_pts = cand_pts[beats]
            e_reasons = explain_json(index, e_rows, np.full(len(e_rows), row))
            stored += _copy_rows(
                current_run_id,
                entering,
                np.full(len(entering), pid, dtype=np.int64),
                np.full(len(entering), 999),
                e_pts,
                e_reasons,
            )
        affected |= set(entering.tolist())
        if affected:
            _rerank(current_run_id, sorted(affected), k)
            _refresh_thresholds(current_run_id, index, k, sorted(affected))
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.COMPLETE,
        finished_at=timezone.now(),
        done=1,
        compute_seconds=compute,
        store_seconds=time.perf_counter() - t1,
        pairs_scored=len(cand_rows),
        matches_stored=stored,
    )


#: Per current run: each profile's k-th entry (points, partner id); lists shorter than k
#: hold the lowest int so that any positive score enters them.
_THRESHOLDS: dict = {"run_id": None, "ids": None, "points": None, "partner": None}
_SHORT = -(2**31)


def _thresholds(run_id: int, index: Index, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k-th entry points and partner of every profile's list, aligned to the index rows."""
    t = _THRESHOLDS
    if t["run_id"] != run_id or t["ids"] is None or not np.array_equal(t["ids"], index.data.ids):
        t.update(
            run_id=run_id,
            ids=index.data.ids.copy(),
            points=np.full(index.n, _SHORT, dtype=np.int64),
            partner=np.zeros(index.n, dtype=np.int64),
        )
        _refresh_thresholds(run_id, index, k, None)
    return t["points"], t["partner"]


def _refresh_thresholds(run_id: int, index: Index, k: int, profile_ids: list[int] | None) -> None:
    t = _THRESHOLDS
    if t["run_id"] != run_id or t["points"] is None:
        return
    sql = (
        f"SELECT profile_id, points, partner_id FROM {Match._meta.db_table} "
        "WHERE run_id = %s AND rank = %s"
    )
    params: list = [run_id, k]
    if profile_ids is not None:
        sql += " AND profile_id = ANY(%s)"
        params.append(profile_ids)
        rows = np.searchsorted(index.data.ids, profile_ids)
        rows = rows[rows < index.n]
        t["points"][rows] = _SHORT  # shorter than k until the query says otherwise
        t["partner"][rows] = 0
    with connection.cursor() as cur:
        cur.execute(sql, params)
        found = np.asarray(cur.fetchall(), dtype=np.int64).reshape(-1, 3)
    if len(found):
        rows = np.searchsorted(index.data.ids, found[:, 0])
        ok = (rows < index.n) & (index.data.ids[np.minimum(rows, index.n - 1)] == found[:, 0])
        t["points"][rows[ok]] = found[ok, 1]
        t["partner"][rows[ok]] = found[ok, 2]


def _rerank(run_id: int, profile_ids: list[int], k: int) -> None:
    """Renumber the given lists by (points desc, partner id) and cut them at k."""
    table = Match._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {table} SET rank = rank + 2000 WHERE run_id = %s AND profile_id = ANY(%s)",
            [run_id, profile_ids],
        )
        cur.execute(
            f"UPDATE {table} m SET rank = s.rn FROM (SELECT id, row_number() OVER "
            f"(PARTITION BY profile_id ORDER BY points DESC, partner_id) AS rn FROM {table} "
            f"WHERE run_id = %s AND profile_id = ANY(%s)) s WHERE m.id = s.id",
            [run_id, profile_ids],
        )
        cur.execute(
            f"DELETE FROM {table} WHERE run_id = %s AND profile_id = ANY(%s) AND rank > %s",
            [run_id, profile_ids, k],
        )
