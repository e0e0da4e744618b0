from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    label = "digests"
    verbose_name = _("Digest emails")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from digests import privacy

        register_exporter("digests", privacy.export)
        register_eraser("digests", privacy.erase)
        register_models("digests", ["digests.DigestPreference", "digests.Delivery"])
