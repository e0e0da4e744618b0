"""Reads of the notification centre. Every function takes the person whose notifications it
reads: nobody reads another person's."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User
from accounts.notifications.kinds import KIND_CHOICES, KINDS, Channel
from accounts.notifications.models import Notification, NotificationPreference


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first (needs no joins to render)."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """One indexed COUNT (the bell on every page)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_for(user: User) -> list[tuple[str, object, str]]:
    """(kind code, label, channel) for every kind, with the kind's default where unset."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return [
        (code, label, chosen.get(code, KINDS[code].default_channel)) for code, label in KIND_CHOICES
    ]


def digest_notifications(user: User, *, until: datetime) -> QuerySet[Notification]:
    """The person's notifications chosen for the digest that no digest has carried yet,
    created before `until` (the digest's window end). The digest claims them with
    `services.notifications_mark_digested` so each appears in exactly one digest."""
    return Notification.objects.filter(
        recipient=user,
        channel=Channel.DIGEST,
        digested_at__isnull=True,
        created_at__lt=until,
    ).order_by("created_at", "id")


def digest_notifications_by_user(
    user_ids: list[int], *, until: datetime
) -> dict[int, list[Notification]]:
    """`digest_notifications` for a whole digest batch in one query, by recipient."""
    grouped: dict[int, list[Notification]] = {}
    rows = Notification.objects.filter(
        recipient_id__in=user_ids,
        channel=Channel.DIGEST,
        digested_at__isnull=True,
        created_at__lt=until,
    ).order_by("created_at", "id")
    for row in rows:
        grouped.setdefault(row.recipient_id, []).append(row)
    return grouped
