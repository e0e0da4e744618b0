from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings

from forum.ops.instrumentation import connect_model_counters


class ForumConfig(AppConfig):
    """The site package as an app, so shared template tags, commands and models load."""

    name = "forum"
    verbose_name = "Portal"

    def ready(self) -> None:
        if settings.METRICS_ENABLED:
            connect_model_counters()
