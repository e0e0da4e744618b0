"""Celery tasks of saved searches."""

from __future__ import annotations

from celery import shared_task

from forum.savedsearches import services


@shared_task(name="forum.savedsearches.tasks.savedsearch_check_tick", acks_late=True)
def savedsearch_check_tick() -> int:
    """Periodic (beat, hourly): new results of every saved search become notifications.
    Each search's window is claimed with its result rows, so a retried run reports nothing twice."""
    return services.savedsearches_check()
