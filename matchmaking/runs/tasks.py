"""Celery tasks for match runs: thin wrappers that take ids and call the services.

All of them run on the `matching` queue (`CELERY_TASK_ROUTES`), served by the `matcher`
workers, which keep the engine's index in memory.
"""

from __future__ import annotations

from celery import shared_task

from matchmaking.runs.models import RunKind
from matchmaking.runs.services import match_run_execute, match_run_request, match_shard_execute


@shared_task(name="matchmaking.runs.tasks.match_run_execute_task", acks_late=True)
def match_run_execute_task(run_id: int) -> None:
    """Execute an incremental run, or plan a full one and queue its shards. Redelivered
    after a worker dies; the advisory lock and the status claim make a second delivery to a
    live run a no-op, and a delivery to a planned run queues its unfinished shards again."""

    match_run_execute(run_id=run_id, queue=True)


@shared_task(name="matchmaking.runs.tasks.match_shard_task", acks_late=True)
def match_shard_task(shard_id: int) -> None:
    """One shard of a full run. Redelivered after a worker dies (acks_late); a shard found
    done is skipped, one half done is computed again and its output replaced."""

    match_shard_execute(shard_id=shard_id)


@shared_task(name="matchmaking.runs.tasks.match_run_full_scheduled", acks_late=True)
def match_run_full_scheduled() -> int:
    """Nightly full run (beat). Returns the id of the run queued or already active."""

    return match_run_request(kind=RunKind.FULL, requested_by=None).pk
