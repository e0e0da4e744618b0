"""Requesting runs: a full run on demand or by schedule, a debounced incremental one."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.outbox import send_after_commit
from matchmaking.runs.models import MatchRun, RunKind, RunStatus
from matchmaking.runs.services.common import run_lock_release, run_lock_try


def _queue(run: MatchRun, countdown: int = 0) -> None:
    # A function-local import: matchmaking.runs.tasks imports these services (services ↔ tasks cycle).
    from matchmaking.runs.tasks import match_run_execute_task

    send_after_commit(match_run_execute_task, run.pk, countdown=countdown)


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
                if run_lock_try(active.pk):
                    run_lock_release(active.pk)
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
        window = settings.MATCHRUNS_DEBOUNCE_SECONDS
        if existing.created_at < timezone.now() - timedelta(seconds=2 * window + 60):
            # Queued long past its window: its message never reached a worker (broker down,
            # lost queue). Send it again rather than let it block this profile for good; the
            # run's own claim makes a second delivery harmless.
            _queue(existing)
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
    _queue(run, countdown=settings.MATCHRUNS_DEBOUNCE_SECONDS)
    return run


def profile_changed(*, profile_id: int) -> None:
    """A profile (or its not-interested list) changed: one debounced incremental run.

    Ten edits inside the debounce window find the same queued run and queue nothing more;
    the run reads the profile when it starts, so it sees the last edit.
    """
    match_run_request(kind=RunKind.INCREMENTAL, requested_by=None, profile_id=profile_id)
