from __future__ import annotations

from django.apps import AppConfig


class MatchRunsConfig(AppConfig):
    """Match runs: the Celery side of the matching engine (runs, stored results, progress)."""

    name = "matchmaking.runs"
    label = "matchruns"
    verbose_name = "Match runs"
