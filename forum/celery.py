"""The Celery app. Workers and beat import it as `celery -A forum ...`."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

import forum.ops.celery  # noqa: F401  (request ids in task headers, the worker's logging)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

app = Celery("forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_outbox_at_start(**_kwargs: object) -> None:
    """A worker that starts after an outage sends what the web could not (forum.outbox)."""
    # Imported here: this module loads before Django is set up (`celery -A forum`).
    from forum.outbox import outbox_sweep

    outbox_sweep(older_than_seconds=0)
