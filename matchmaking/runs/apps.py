from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchRunsConfig(AppConfig):
    """Match runs: the Celery side of the matching engine (runs, stored results, progress)."""

    name = "matchmaking.runs"
    label = "matchruns"
    verbose_name = _("Match runs")
