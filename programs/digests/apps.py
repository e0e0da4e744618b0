from __future__ import annotations

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "programs.digests"
    label = "digests"
    verbose_name = "Digest emails"
