from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    """After the handshake: conversations, meetings, the deal room and outcomes."""

    name = "matchmaking.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from accounts.privacy import register_eraser, register_exporter, register_models
        from forum.discussions import flagtargets
        from matchmaking.partnerships.models import Message
        from matchmaking.partnerships.permissions import check_can_report
        from matchmaking.partnerships.privacy import erase_user, export_user
        from matchmaking.partnerships.selectors import reported_messages
        from matchmaking.partnerships.services.conversations import message_hide

        # Reported messages go into the forum's moderation queue (docs/partnerships.md).
        flagtargets.register(
            flagtargets.FlagTarget(
                model=Message,
                label=_("Partner conversation messages"),
                template="partnerships/_flagged_message.html",
                describe=lambda message: message.body,
                queryset=reported_messages,
                check_can_flag=check_can_report,
                hide=message_hide,
                audit_hide="partnerships.message_hide",
                audit_dismiss="partnerships.report_dismiss",
            )
        )

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
                "partnerships.NdaAcceptance",
                "partnerships.Outcome",
                "partnerships.ReadState",
                "partnerships.Reminder",
            ],
        )
