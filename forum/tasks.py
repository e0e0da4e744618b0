"""The site's own periodic task: beat's heartbeat, which `/healthz` and the metrics read."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from forum.models import Heartbeat


@shared_task(name="forum.tasks.beat_heartbeat", acks_late=True, ignore_result=True)
def beat_heartbeat() -> None:
    """Record that beat's schedule is being carried out. Idempotent: a redelivery rewrites the
    time; one that waited longer than the interval has expired before it runs."""
    Heartbeat.record(Heartbeat.BEAT, at=timezone.now())
