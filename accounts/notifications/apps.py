from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The notification centre: every domain app calls its services, so it sits right above
    `accounts` in the dependency order and imports no domain app."""

    name = "accounts.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.notifications import privacy
        from accounts.privacy import register_eraser, register_exporter, register_models

        register_exporter("notifications", privacy.export_user)
        register_eraser("notifications", privacy.erase_user)
        register_models(
            "notifications",
            [
                "notifications.Notification",
                "notifications.NotificationPreference",
                "notifications.EmailBatchState",
            ],
        )
