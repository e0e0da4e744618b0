"""Data export and erasure of a person's notifications (registered in NotificationsConfig)."""

from __future__ import annotations

from typing import Any

from accounts.notifications.kinds import render
from accounts.notifications.models import EmailBatchState, Notification, NotificationPreference


def export_user(user: Any) -> dict[str, list[dict[str, Any]]]:
    """The stored codes and parameters, plus the English sentence so the export reads alone."""
    return {
        "notifications": [
            {
                "kind": n.kind,
                "params": n.params,
                "text": render(n.kind, n.params, "en"),
                "url": n.url,
                "channel": n.channel,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        "preferences": [
            {"kind": kind, "channel": channel}
            for kind, channel in NotificationPreference.objects.filter(user=user)
            .order_by("kind")
            .values_list("kind", "channel")
        ],
    }


def erase_user(user: Any) -> None:
    """Nothing here is anyone else's: delete it all before the person's row goes."""
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    EmailBatchState.objects.filter(user=user).delete()
