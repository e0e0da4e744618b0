"""Executing runs: the claim, a full run's shards (queued or here), failure."""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from forum.outbox import send_after_commit
from matchmaking.runs.models import MatchRun, MatchShard, RunKind, RunStatus, ShardStage
from matchmaking.runs.services.common import ProgressFn, run_lock_release, run_lock_try
from matchmaking.runs.services.incremental import run_incremental
from matchmaking.runs.services.sharded import (
    full_run_advance,
    full_run_discard,
    full_run_plan,
    pending_shards,
    shard_execute,
)

log = logging.getLogger(__name__)


def match_run_execute(
    *, run_id: int, on_progress: ProgressFn | None = None, queue: bool = False
) -> MatchRun | None:
    """Claim and execute a run; None if another worker holds it or it is already finished.

    A full run is planned into shards; with `queue` (the Celery task) they are queued on the
    matching queue for any worker, otherwise (the terminal, tests) executed here one after
    another. Safe to call again after a crash: a planned run is resumed, its shards that are
    done are not redone.
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
                full_run_plan(run)
                if queue:
                    full_run_advance(run_id)
                    stage = MatchRun.objects.values_list("stage", flat=True).get(pk=run_id)
                    shards_queue(pending_shards(run_id, stage) if stage else [])
                else:
                    _run_inline(run, on_progress)
            else:
                run_incremental(run)
        except Exception as exc:
            match_run_fail(run_id=run_id, exc=exc)
            raise
        return MatchRun.objects.get(pk=run_id)
    finally:
        run_lock_release(run_id)


def match_run_fail(*, run_id: int, exc: BaseException) -> None:
    """Mark a run failed with its error; a full run's rows and intermediate data go."""
    log.exception("match run %s failed", run_id)
    MatchRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED,
        error=f"{type(exc).__name__}: {exc}"[:4000],
        finished_at=timezone.now(),
    )
    if MatchRun.objects.filter(pk=run_id, kind=RunKind.FULL).exists():
        full_run_discard(run_id)


def match_shard_execute(*, shard_id: int) -> None:
    """One shard, by whichever worker took its message; then the run moves on if the
    database says this was the last one of its stage."""
    run_id = MatchShard.objects.values_list("run_id", flat=True).get(pk=shard_id)
    try:
        shard_execute(shard_id=shard_id)
        shards_queue(full_run_advance(run_id))
    except Exception as exc:
        match_run_fail(run_id=run_id, exc=exc)
        raise


def shards_queue(shards: list[MatchShard]) -> None:
    """Queue shards on the matching queue once the transaction that made them runnable
    commits, through the outbox (forum.outbox): a shard whose message the broker did not take
    is sent by the sweep. A shard queued twice is harmless: the second finds it done."""
    # A function-local import: matchmaking.runs.tasks imports these services (services ↔ tasks cycle).
    from matchmaking.runs.tasks import match_shard_task

    for shard in shards:
        send_after_commit(match_shard_task, shard.pk)


def _run_inline(run: MatchRun, on_progress: ProgressFn | None) -> None:
    """Every shard in this process, stage by stage, as a worker would take them."""
    while True:
        full_run_advance(run.pk)
        run.refresh_from_db()
        if run.status != RunStatus.RUNNING or not run.stage:
            return
        pending = pending_shards(run.pk, run.stage)
        total = MatchShard.objects.filter(run=run, stage=run.stage).count()
        for i, shard in enumerate(pending, start=total - len(pending) + 1):
            shard_execute(shard_id=shard.pk)
            if on_progress:
                if run.stage == ShardStage.SCORE:  # in memory only: the page shows stored profiles
                    run.phase, run.scored = "scoring", (i, total)
                else:
                    run.refresh_from_db()
                    run.phase = "storing"
                on_progress(run)
