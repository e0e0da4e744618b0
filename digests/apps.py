from __future__ import annotations

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "digests"
    label = "digests"
    verbose_name = "Digest emails"

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from digests import privacy

        register_exporter("digests", privacy.export)
        register_eraser("digests", privacy.erase)
        register_models("digests", ["digests.DigestPreference", "digests.Delivery"])
