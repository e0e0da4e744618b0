"""The Celery app. Workers and beat import it as `celery -A forum ...`."""

from __future__ import annotations

import os

from celery import Celery

import forum.ops.celery  # noqa: F401  (request ids in task headers, the worker's logging)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

app = Celery("forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
