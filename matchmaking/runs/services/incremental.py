"""Incremental runs: patch the current run's rows for one changed profile."""

from __future__ import annotations

import time

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from matchmaking.engine import Index, build_index, score_one
from matchmaking.engine.explain import explain_json
from matchmaking.models import NotInterested, PartnerProfile
from matchmaking.runs import worker_cache
from matchmaking.runs.loader import load_profiles
from matchmaking.runs.models import CurrentRun, Match, MatchRun, RunStatus
from matchmaking.runs.services.common import match_rows_copy

#: The worker's copy of all profiles as an engine index, refreshed by `updated_at` per run.


def _fresh_index(profile_id: int) -> Index:
    """The cached index with every profile changed since it was loaded (and this one) re-read."""

    index: Index | None = worker_cache.index_cache["index"]
    now = timezone.now()
    if index is None:
        index = build_index(load_profiles())
        worker_cache.index_cache.update(index=index, loaded_at=now)
    since = worker_cache.index_cache["loaded_at"]
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
    worker_cache.index_cache.update(index=index, loaded_at=now)
    return index


def run_incremental(run: MatchRun) -> None:
    t0 = time.perf_counter()
    current_run_id = CurrentRun.objects.filter(pk=1).values_list("run_id", flat=True).first()
    if current_run_id is None or run.profile_id is None:
        # Nothing to patch yet: the next full run (nightly, or the demo seed's) includes it.
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.COMPLETE, finished_at=timezone.now(), done=1
        )
        return
    k = settings.MATCHRUNS_K
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
        stored = match_rows_copy(
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
            stored += match_rows_copy(
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


def _thresholds(run_id: int, index: Index, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k-th entry points and partner of every profile's list, aligned to the index rows."""
    t = worker_cache.thresholds
    if t["run_id"] != run_id or t["ids"] is None or not np.array_equal(t["ids"], index.data.ids):
        t.update(
            run_id=run_id,
            ids=index.data.ids.copy(),
            points=np.full(index.n, worker_cache.SHORT, dtype=np.int64),
            partner=np.zeros(index.n, dtype=np.int64),
        )
        _refresh_thresholds(run_id, index, k, None)
    return t["points"], t["partner"]


def _refresh_thresholds(run_id: int, index: Index, k: int, profile_ids: list[int] | None) -> None:
    t = worker_cache.thresholds
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
        t["points"][rows] = worker_cache.SHORT  # shorter than k until the query says otherwise
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
            f"WHERE run_id = %s AND profile_id = ANY(%s)) s "
            # run_id too: the table is partitioned by run, its key is (run_id, id)
            f"WHERE m.run_id = %s AND m.id = s.id",
            [run_id, profile_ids, run_id],
        )
        cur.execute(
            f"DELETE FROM {table} WHERE run_id = %s AND profile_id = ANY(%s) AND rank > %s",
            [run_id, profile_ids, k],
        )
