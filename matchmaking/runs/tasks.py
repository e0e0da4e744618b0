"""Celery tasks for match runs: thin wrappers that take ids and call the services."""

from __future__ import annotations

from celery import shared_task

from matchmaking.runs.models import RunKind
from matchmaking.runs.services import match_run_execute, match_run_request


@shared_task(name="matchmaking.runs.tasks.match_run_execute_task", acks_late=True)
def match_run_execute_task(run_id: int) -> None:
    """Execute (or resume) one run. Redelivered after a worker dies; the advisory lock and
    the status claim make a second delivery to a live run a no-op."""

    match_run_execute(run_id=run_id)


@shared_task(name="matchmaking.runs.tasks.match_run_full_scheduled", acks_late=True)
def match_run_full_scheduled() -> int:
    """Nightly full run (beat). Returns the id of the run queued or already active."""

    return match_run_request(kind=RunKind.FULL, requested_by=None).pk
