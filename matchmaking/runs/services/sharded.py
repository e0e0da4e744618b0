"""A full run in shards that any worker on any machine can take (docs/matching.md, "Shards").

1. **Plan** (the run's own task): load the profiles once, store them as the run's snapshot,
   create the run's partition of the match table and one row per shard of both stages.
2. **Score shards** (`engine.symmetric.shard_plan`): a slice of rows of one symmetric block,
   scored against the block's columns once and read both ways; its best-k candidates are
   stored per store shard (`ShardCandidates`), replacing those of an earlier delivery.
3. **Store shards**: a range of `MATCHRUNS_SHARD_ROWS` profiles; the candidates of every
   score shard for them are merged into the exact top k, explained and COPYed into the
   run's partition, replacing rows of an earlier delivery, in the transaction that marks
   the shard done.

A stage is complete when the database says every shard of it is done; the conditional
UPDATE of `MatchRun.stage` decides which worker moves the run on (queueing the store shards,
or performing the swap), so a lost or duplicated message can neither skip nor double a step.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from matchmaking.engine import build_index
from matchmaking.engine.data import ProfileData
from matchmaking.engine.index import Index
from matchmaking.engine.symmetric import (
    Candidates,
    Shard,
    merge_candidates,
    shard_candidates,
    shard_plan,
)
from matchmaking.models import NotInterested, PartnerProfile
from matchmaking.runs import worker_cache
from matchmaking.runs.loader import load_profiles
from matchmaking.runs.models import (
    CurrentRun,
    Match,
    MatchRun,
    MatchRunSnapshot,
    MatchShard,
    RunKind,
    RunStatus,
    ShardCandidates,
    ShardStage,
)
from matchmaking.runs.services.common import match_rows_copy
from matchmaking.runs.services.requests import profile_changed

log = logging.getLogger(__name__)


def partition_name(run_id: int) -> str:
    return f"{Match._meta.db_table}_r{int(run_id)}"


def _relation_exists(name: str) -> bool:
    """Whether a table or index of that name exists (a run's table, its partner index)."""
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return bool(cur.fetchone()[0])


def _partition_create(run_id: int) -> None:
    """The run's table, standalone until its last row is stored (`_partition_attach`).

    Store shards COPY into it with the primary key and the (run, profile, rank) index, whose
    entries arrive in order; the (run, partner) index, whose entries arrive at random and
    cost PostgreSQL more than the rest of the COPY, is built in one sorted pass after the
    swap (`partner_index_ensure`): readers never use it, only incremental runs do.
    """
    name, parent = partition_name(run_id), Match._meta.db_table
    if _relation_exists(name):
        return
    with connection.cursor() as cur:
        # The CHECK matches the partition bound, so ATTACH needs no scan of the rows.
        cur.execute(
            f"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
            f"CONSTRAINT {name}_run CHECK (run_id = {int(run_id)}))"
        )
        cur.execute(f"ALTER TABLE {name} ADD PRIMARY KEY (run_id, id)")
        cur.execute(f"ALTER TABLE {name} ADD UNIQUE (run_id, profile_id, rank)")


def _partition_attach(run_id: int) -> None:
    """Attach the run's table to the match table; nothing if it is attached already. The
    caller holds the run's row lock, so one worker does it."""
    name, parent = partition_name(run_id), Match._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s))", [name]
        )
        if cur.fetchone()[0]:
            return
        # ATTACH locks the default partition, which readers' plans touch; its lock is held
        # only from here to the commit just after.
        cur.execute("SET LOCAL lock_timeout = '30s'")
        cur.execute(f"ALTER TABLE {parent} ATTACH PARTITION {name} FOR VALUES IN ({int(run_id)})")


def run_rows_discard(run_id: int) -> bool:
    """Drop a run's partition (and its rows in the default partition). False when the lock
    could not be had within 5 s; the next swap's sweep drops it then."""
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL lock_timeout = '5s'")
                cur.execute(f"DROP TABLE IF EXISTS {partition_name(run_id)}")
            Match.objects.filter(run_id=run_id).delete()
    except DatabaseError:
        log.warning("match run %s: its rows could not be dropped now; next swap retries", run_id)
        return False
    return True


def full_run_plan(run: MatchRun) -> None:
    """Snapshot the profiles and create the run's shards; nothing if already planned."""
    if run.stage:
        return
    t0 = time.perf_counter()
    index = build_index(load_profiles())
    data = index.data
    plan = shard_plan(index, settings.MATCHRUNS_SHARD_ROWS)
    rows = settings.MATCHRUNS_SHARD_ROWS
    blob = data.to_bytes()
    with transaction.atomic():
        MatchRunSnapshot.objects.update_or_create(run=run, defaults={"data": blob})
        MatchShard.objects.filter(run=run).delete()
        MatchShard.objects.bulk_create(
            [
                MatchShard(
                    run=run, stage=ShardStage.SCORE, number=i, block=s.block, lo=s.lo, hi=s.hi
                )
                for i, s in enumerate(plan)
            ]
            + [
                MatchShard(
                    run=run, stage=ShardStage.STORE, number=i, lo=lo, hi=min(lo + rows, len(data))
                )
                for i, lo in enumerate(range(0, len(data), rows))
            ]
        )
        _partition_create(run.pk)
        MatchRun.objects.filter(pk=run.pk, stage="").update(
            stage=ShardStage.SCORE,
            total=len(data),
            done=0,
            compute_seconds=time.perf_counter() - t0,
        )
    worker_cache.shard_index.update(run_id=run.pk, index=index)
    run.refresh_from_db()


def _index(run_id: int) -> Index:
    """The run's snapshot as an index, loaded once per worker process and run."""
    cached = worker_cache.shard_index
    if cached["run_id"] != run_id:
        blob = MatchRunSnapshot.objects.values_list("data", flat=True).get(run_id=run_id)
        index = build_index(ProfileData.from_bytes(bytes(blob)))
        cached.update(run_id=run_id, index=index)
    return cached["index"]


def _store_bounds(run_id: int) -> np.ndarray:
    """First index row of each store shard, as planned (not re-derived from settings)."""
    los = MatchShard.objects.filter(run_id=run_id, stage=ShardStage.STORE).order_by("number")
    return np.asarray(list(los.values_list("lo", flat=True)), dtype=np.int64)


def pending_shards(run_id: int, stage: str) -> list[MatchShard]:
    return list(MatchShard.objects.filter(run_id=run_id, stage=stage, done_at=None))


def shard_execute(*, shard_id: int) -> bool:
    """Compute and store one shard; False if it was already done or its run is not running.

    Safe to run twice, even at once: the output is written with the shard row locked, and a
    shard found done there is not written again.
    """
    shard = MatchShard.objects.select_related("run").get(pk=shard_id)
    run = shard.run
    if shard.done_at or run.status != RunStatus.RUNNING or run.stage != shard.stage:
        return False
    MatchShard.objects.filter(pk=shard.pk).update(attempts=F("attempts") + 1)
    t0 = time.perf_counter()
    index = _index(run.pk)
    k = settings.MATCHRUNS_K
    threads = settings.MATCHRUNS_ENGINE_THREADS
    if shard.stage == ShardStage.SCORE:
        found = shard_candidates(
            index, Shard(shard.block, shard.lo, shard.hi), k=k, threads=threads
        )
        parts = found.split(_store_bounds(run.pk))
        compute = time.perf_counter() - t0
        with transaction.atomic():
            if not _lock_undone(shard):
                return False
            ShardCandidates.objects.filter(run=run, source=shard.number).delete()
            ShardCandidates.objects.bulk_create(
                [
                    ShardCandidates(run=run, source=shard.number, dest=d, data=p.to_bytes())
                    for d, p in parts.items()
                ]
            )
            _mark_done(shard, time.perf_counter() - t0)
            MatchRun.objects.filter(pk=run.pk).update(
                pairs_scored=F("pairs_scored") + found.pairs_scored,
                compute_seconds=F("compute_seconds") + compute,
            )
        return True
    blobs = ShardCandidates.objects.filter(run=run, dest=shard.number).values_list(
        "data", flat=True
    )
    found = Candidates.from_bytes([bytes(b) for b in blobs])
    m = merge_candidates(index, found, range(shard.lo, shard.hi), k=k)
    reasons = m.reasons_json()
    compute = time.perf_counter() - t0
    t1 = time.perf_counter()
    ids = index.data.ids
    with transaction.atomic():
        if not _lock_undone(shard):
            return False
        with connection.cursor() as cur:
            # Rows and the shard's done mark commit together: a commit lost in a crash is
            # simply redone, so there is no need to wait for the WAL flush.
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute(
                f"DELETE FROM {partition_name(run.pk)} WHERE profile_id BETWEEN %s AND %s",
                [int(ids[shard.lo]), int(ids[shard.hi - 1])],
            )
        stored = match_rows_copy(
            run.pk,
            m.profile_ids,
            m.partner_ids,
            m.ranks + 1,
            m.points,
            reasons,
            table=partition_name(run.pk),
        )
        _mark_done(shard, time.perf_counter() - t0)
        MatchRun.objects.filter(pk=run.pk).update(
            done=F("done") + (shard.hi - shard.lo),
            compute_seconds=F("compute_seconds") + compute,
            store_seconds=F("store_seconds") + (time.perf_counter() - t1),
            matches_stored=F("matches_stored") + stored,
        )
    return True


def _lock_undone(shard: MatchShard) -> bool:
    locked = MatchShard.objects.select_for_update().filter(pk=shard.pk, done_at=None).first()
    return locked is not None


def _mark_done(shard: MatchShard, seconds: float) -> None:
    MatchShard.objects.filter(pk=shard.pk).update(done_at=timezone.now(), seconds=seconds)


def partner_index_ensure(run_id: int) -> None:
    """The (run, partner) index of a run's table, which incremental runs patch by; nothing
    if it exists, or if the run has no table of its own. Built in one transaction, so a
    worker killed meanwhile leaves no half-built index (its redelivered shard builds it)."""
    name = partition_name(run_id)
    index = f"{name}_partner"
    if _relation_exists(name) and not _relation_exists(index):
        with connection.cursor() as cur:
            cur.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {name} (run_id, partner_id)")


def full_run_advance(run_id: int) -> list[MatchShard]:
    """Move the run on when the database says its stage is complete.

    Returns the shards that this call made runnable (the store shards, to whoever won the
    claim from score to store); performs the swap when the last store shard is done.
    """
    run = MatchRun.objects.get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        if run.status == RunStatus.COMPLETE:
            partner_index_ensure(run_id)  # a worker killed after the swap left it undone
        return []
    if run.stage == ShardStage.SCORE:
        if MatchShard.objects.filter(run_id=run_id, stage=ShardStage.SCORE, done_at=None).exists():
            return []
        claimed = MatchRun.objects.filter(
            pk=run_id, status=RunStatus.RUNNING, stage=ShardStage.SCORE
        ).update(stage=ShardStage.STORE)
        if claimed != 1:
            return []
        store = pending_shards(run_id, ShardStage.STORE)
        if store:
            return store
    if MatchShard.objects.filter(run_id=run_id, stage=ShardStage.STORE, done_at=None).exists():
        return []
    _swap(run_id)
    return []


def _swap(run_id: int) -> None:
    """Point readers at this run in one transaction (its claim decides who), then drop the
    rows of every other full run."""
    with transaction.atomic():
        running = MatchRun.objects.select_for_update().filter(
            pk=run_id, status=RunStatus.RUNNING, stage=ShardStage.STORE
        )
        if not running.exists():
            return
        _partition_attach(run_id)
    # Fresh statistics before readers and incremental runs plan queries on the partition
    # (autovacuum would get to it minutes later; until then the planner guesses it tiny).
    if not connection.in_atomic_block:
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {partition_name(run_id)}")
    with transaction.atomic():
        claimed = MatchRun.objects.filter(
            pk=run_id, status=RunStatus.RUNNING, stage=ShardStage.STORE
        ).update(stage="", status=RunStatus.COMPLETE, finished_at=timezone.now(), done=F("total"))
        if claimed != 1:
            return
        current, _ = CurrentRun.objects.select_for_update().get_or_create(pk=1)
        current.run_id = run_id
        current.save()
    ShardCandidates.objects.filter(run_id=run_id).delete()
    MatchRunSnapshot.objects.filter(run_id=run_id).delete()
    stale = MatchRun.objects.filter(
        kind=RunKind.FULL, status__in=[RunStatus.COMPLETE, RunStatus.FAILED]
    ).exclude(pk=run_id)
    for old in stale.values_list("pk", flat=True):
        if _has_rows(old):
            run_rows_discard(old)
    partner_index_ensure(run_id)
    run = MatchRun.objects.get(pk=run_id)
    index = (
        worker_cache.shard_index["index"] if worker_cache.shard_index["run_id"] == run_id else None
    )
    if index is not None and run.started_at:
        worker_cache.index_cache.update(index=index, loaded_at=run.started_at)
    # Profiles edited while this run was computing were patched into the OLD run's rows;
    # patch them into this one too.
    if run.started_at:
        _requeue_changed_since(run.started_at)


def _has_rows(run_id: int) -> bool:
    return _relation_exists(partition_name(run_id)) or Match.objects.filter(run_id=run_id).exists()


def full_run_discard(run_id: int) -> None:
    """A failed run: its rows, candidates and snapshot go."""
    run_rows_discard(run_id)
    ShardCandidates.objects.filter(run_id=run_id).delete()
    MatchRunSnapshot.objects.filter(run_id=run_id).delete()


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
