from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    """After the handshake: conversations, meetings, the deal room and outcomes."""

    name = "matchmaking.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from accounts.privacy import register_eraser, register_exporter, register_models
        from matchmaking.partnerships.privacy import erase_user, export_user

        register_exporter("partnerships", export_user)
        register_eraser("partnerships", erase_user)
        register_models(
            "partnerships",
            [
                "partnerships.CalendarFeed",
                "partnerships.DealDocument",
                "partnerships.DocumentAccess",
                "partnerships.InvitationMail",
                "partnerships.Meeting",
                "partnerships.MeetingRecord",
                "partnerships.Message",
                "partnerships.MessageMail",
                "partnerships.MessageReport",
                "partnerships.NdaAcceptance",
                "partnerships.Outcome",
                "partnerships.ReadState",
                "partnerships.Reminder",
            ],
        )
