from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Members' home pages, the daily counts and the dashboards drawn from them.

    The top layer: it reads the domain apps' selectors and tables, and nothing imports it.
    """

    name = "forum.home"
    label = "home"
    verbose_name = _("Home and dashboards")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from forum.home.privacy import erase_user, export_user

        register_exporter("home", export_user)
        register_eraser("home", erase_user)
        register_models(
            "home",
            [
                "home.HomeVisit",
            ],
        )
