from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "forum.discussions"
    label = "discussions"
    verbose_name = _("Discussion forum")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from forum.discussions import privacy

        register_exporter("forum", privacy.forum_export)
        register_eraser("forum", privacy.forum_erase)
        register_models(
            "forum",
            [
                "discussions.Thread",
                "discussions.Post",
                "discussions.PostRevision",
                "discussions.Flag",
                "discussions.Subscription",
                "discussions.ModerationNotice",
            ],
        )
