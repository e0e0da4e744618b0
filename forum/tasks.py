"""The site's own periodic tasks: beat's heartbeat, which `/healthz` and the metrics read, and
the outbox sweep."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from forum.models import Heartbeat
from forum.outbox import outbox_prune, outbox_sweep


@shared_task(name="forum.tasks.beat_heartbeat", acks_late=True, ignore_result=True)
def beat_heartbeat() -> None:
    """Record that beat's schedule is being carried out. Idempotent: a redelivery rewrites the
    time; one that waited longer than the interval has expired before it runs."""
    Heartbeat.record(Heartbeat.BEAT, at=timezone.now())


@shared_task(name="forum.tasks.outbox_sweep_task", acks_late=True)
def outbox_sweep_task() -> int:
    """Publish tasks whose after-commit publish failed (broker down at the time)."""
    sent = outbox_sweep()
    outbox_prune()
    return sent
