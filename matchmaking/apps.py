from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from matchmaking.privacy import erase_user, export_user

        register_exporter("matchmaking", export_user)
        register_eraser("matchmaking", erase_user)
        register_models(
            "matchmaking",
            [
                "matchmaking.PartnerProfile",
                "matchmaking.ShortlistEntry",
                "matchmaking.Introduction",
            ],
        )
