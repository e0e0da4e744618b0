"""Celery tasks of matchmaking (the match-run tasks live in matchmaking.runs.tasks)."""

from __future__ import annotations

from celery import shared_task

from matchmaking import services


@shared_task(name="matchmaking.tasks.introductions_expire", acks_late=True)
def introductions_expire() -> int:
    """Periodic (beat): pending introduction requests older than 14 days become expired."""
    return services.introductions_expire()


@shared_task(name="matchmaking.tasks.introductions_remind_expiring", acks_late=True)
def introductions_remind_expiring() -> int:
    """Periodic (beat, hourly): "expires in 2 days" to the side that must answer, once each."""
    return services.introductions_remind_expiring()


@shared_task(name="matchmaking.tasks.introduction_notify", acks_late=True)
def introduction_notify(introduction_id: int, event: str) -> int:
    """Mail one introduction event; claimed per event, so retries never mail twice."""
    return services.introduction_mail(introduction_id=introduction_id, event=event)
