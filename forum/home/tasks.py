"""Celery tasks of the home app."""

from __future__ import annotations

from celery import shared_task

from forum.home import services


@shared_task(name="forum.home.tasks.daily_counts_tick", acks_late=True)
def daily_counts_tick() -> int:
    """Periodic (beat, hourly): count every recently ended day not counted yet, in every zone.

    Safe to run twice or after a crash: each day is claimed in its `CountDay` row first.
    Returns how many days this run counted.
    """
    return sum(1 for result in services.daily_counts_run() if result.counted)
