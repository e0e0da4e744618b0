from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavedSearchesConfig(AppConfig):
    """Saved searches sit on top: they read the domain apps' list selectors and nothing
    reads them."""

    name = "forum.savedsearches"
    label = "savedsearches"
    verbose_name = _("Saved searches")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from forum.savedsearches import privacy

        register_exporter("saved_searches", privacy.export_user)
        register_eraser("saved_searches", privacy.erase_user)
        register_models(
            "saved_searches",
            [
                "savedsearches.SavedSearch",
            ],
        )
