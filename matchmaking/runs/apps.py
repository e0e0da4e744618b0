from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchRunsConfig(AppConfig):
    """Match runs: the Celery side of the matching engine (runs, stored results, progress)."""

    name = "matchmaking.runs"
    label = "matchruns"
    verbose_name = _("Match runs")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from matchmaking.runs.privacy import erase_user, export_user

        register_exporter("matchruns", export_user)
        register_eraser("matchruns", erase_user)
        register_models("matchruns", ["matchruns.MatchRun"])
