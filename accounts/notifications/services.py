"""Writes of the notification centre: create (one person, or an organisation's members), mark
read, preferences, and the batched email delivery.

Domain services call `notification_create` / `notifications_create_for_organisation` inside
their own transaction, so a notification exists exactly when the event committed. Email goes
after the commit: the first one at once, later ones within `NOTIFICATIONS_EMAIL_BATCH_MINUTES`
of the last email wait for the window to end and travel together in one message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications.kinds import KINDS, Channel, get_kind
from accounts.notifications.models import EmailBatchState, Notification, NotificationPreference
from forum.outbox import send_after_commit


def _queue_email(user_ids: Iterable[int]) -> None:
    # Local import: the tasks module imports this one (a real cycle).
    from accounts.notifications.tasks import notification_email_send

    for user_id in sorted(set(user_ids)):
        send_after_commit(notification_email_send, user_id)  # forum.outbox: never lost


def _channels_for(user_ids: list[int], kind: str) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    default = get_kind(kind).default_channel
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def _check_params(kind: str, params: dict[str, Any]) -> None:
    get_kind(kind)
    if not isinstance(params, dict):
        raise ValueError("notification params must be a dict")


@transaction.atomic
def notification_create(
    *,
    recipient: User,
    kind: str,
    params: dict[str, Any],
    url: str = "",
    dedupe_key: str = "",
) -> Notification | None:
    """Record one event for `recipient` in their chosen channel. With a `dedupe_key`, a second
    call for the same person, kind and key creates nothing and returns None."""
    _check_params(kind, params)
    if not recipient.is_active:
        return None
    channel = _channels_for([recipient.pk], kind)[recipient.pk]
    notification = Notification(
        recipient=recipient,
        kind=kind,
        params=params,
        url=url[:500],
        channel=channel,
        dedupe_key=dedupe_key[:120],
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        if not dedupe_key:
            raise
        return None
    if channel == Channel.EMAIL:
        _queue_email([recipient.pk])
    return notification


@transaction.atomic
def notifications_create_for_organisation(
    *,
    organisation_id: int,
    kind: str,
    params: dict[str, Any],
    url: str = "",
    dedupe_key: str = "",
    exclude_user_ids: Iterable[int] = (),
    coalesce: bool = False,
) -> int:
    """One notification per active member of the organisation (a fixed number of queries
    however many members). Returns how many were created; with a `dedupe_key`, members who
    already have it are skipped. With `coalesce`, so are members who still have one of this
    kind and URL waiting (unread, and not yet mailed or put in a digest): a burst of events
    (new messages in one conversation) is one entry in the bell and one line in the email."""
    _check_params(kind, params)
    user_ids = list(
        User.objects.filter(organisation_id=organisation_id, is_active=True)
        .exclude(pk__in=list(exclude_user_ids))
        .values_list("pk", flat=True)
    )
    return _create_many(
        user_ids, kind=kind, params=params, url=url, dedupe_key=dedupe_key, coalesce=coalesce
    )


def _waiting() -> Q:
    """Notifications not yet seen through their channel: unread, and unsent where they go out."""
    return Q(read_at__isnull=True) & (
        Q(channel=Channel.IN_APP)
        | Q(channel=Channel.EMAIL, emailed_at__isnull=True)
        | Q(channel=Channel.DIGEST, digested_at__isnull=True)
    )


def _create_many(
    user_ids: list[int],
    *,
    kind: str,
    params: dict[str, Any],
    url: str,
    dedupe_key: str,
    coalesce: bool = False,
) -> int:
    if not user_ids:
        return 0
    channels = _channels_for(user_ids, kind)
    already: set[int] = set()
    if dedupe_key:
        already |= set(
            Notification.objects.filter(
                recipient_id__in=user_ids, kind=kind, dedupe_key=dedupe_key
            ).values_list("recipient_id", flat=True)
        )
    if coalesce:
        already |= set(
            Notification.objects.filter(_waiting(), recipient_id__in=user_ids, kind=kind, url=url)
            .order_by()
            .values_list("recipient_id", flat=True)
        )
    if already:
        user_ids = [user_id for user_id in user_ids if user_id not in already]
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            params=params,
            url=url[:500],
            channel=channels[user_id],
            dedupe_key=dedupe_key[:120],
        )
        for user_id in user_ids
    ]
    # The unique constraint settles a concurrent second run: its rows are skipped, not doubled.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    _queue_email(user_id for user_id in user_ids if channels[user_id] == Channel.EMAIL)
    return len(rows)


def notification_mark_read(*, notification_id: int, user: User) -> Notification:
    """Mark one of `user`'s notifications read. Someone else's raises DoesNotExist (a 404:
    whether a notification exists is nobody else's business)."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_read_for(*, user: User, kind: str, url: str) -> int:
    """Mark `user`'s unread notifications of one kind about one page read: they have just
    seen that page (a conversation), so a waiting email about it need not go."""
    get_kind(kind)
    return Notification.objects.filter(
        recipient=user, kind=kind, url=url[:500], read_at__isnull=True
    ).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_save(*, user: User, channels: dict[str, str]) -> None:
    """Store the person's channel per kind; unknown kinds or channels are refused."""
    errors = {}
    for kind, channel in channels.items():
        if kind not in KINDS:
            errors[kind] = [_("Unknown kind of notification.")]
        elif channel not in Channel.values:
            errors[kind] = [_("Choose in the portal only, email at once, or in my digest.")]
    if errors:
        raise ValidationError(errors)
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )


def notifications_mark_digested(*, notification_ids: list[int], at: datetime) -> int:
    """Claim digest notifications for one digest; only unclaimed ones change (exactly once)."""
    return Notification.objects.filter(
        pk__in=notification_ids, channel=Channel.DIGEST, digested_at__isnull=True
    ).update(digested_at=at)


# ---------------------------------------------------------------- batched email


@dataclass
class EmailOutcome:
    sent: int  # notifications carried by the message (0: none sent)
    wait_until: datetime | None = None  # the batching window is still open until then


def notification_email_deliver(*, user_id: int, now: datetime | None = None) -> EmailOutcome:
    """Send `user_id` one message with all their pending email notifications, unless their
    last message went less than the batching window ago (then they wait for the next tick).
    A notification read in the portal before its email went is not mailed.

    The pending rows are claimed (`emailed_at`) under the person's batch-state lock, so two
    workers or a retried task never mail a notification twice; SMTP runs after the lock.
    """
    now = now or timezone.now()
    window = timedelta(minutes=settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES)
    EmailBatchState.objects.get_or_create(user_id=user_id)
    with transaction.atomic():
        state = EmailBatchState.objects.select_for_update().get(user_id=user_id)
        if state.last_sent_at is not None and now < state.last_sent_at + window:
            return EmailOutcome(0, state.last_sent_at + window)
        pending = list(
            Notification.objects.filter(
                recipient_id=user_id,
                channel=Channel.EMAIL,
                emailed_at__isnull=True,
                read_at__isnull=True,
                created_at__lte=now,
            ).values_list("pk", flat=True)
        )
        if not pending:
            return EmailOutcome(0)
        Notification.objects.filter(pk__in=pending, emailed_at__isnull=True).update(emailed_at=now)
        previous = state.last_sent_at
        state.last_sent_at = now
        state.save(update_fields=["last_sent_at"])
    try:
        _send_batch(user_id, pending)
    except Exception:
        # Give the rows back so the next tick retries them; the error is not swallowed.
        with transaction.atomic():
            Notification.objects.filter(pk__in=pending, emailed_at=now).update(emailed_at=None)
            EmailBatchState.objects.filter(user_id=user_id, last_sent_at=now).update(
                last_sent_at=previous
            )
        raise
    return EmailOutcome(len(pending))


def _send_batch(user_id: int, notification_ids: list[int]) -> None:
    user = User.objects.get(pk=user_id)
    items = list(Notification.objects.filter(pk__in=notification_ids).order_by("created_at", "id"))
    with translation.override(user.language or "en"):
        context = {
            "user": user,
            "items": [
                {"text": item.text, "url": _absolute(item.url), "created_at": item.created_at}
                for item in items
            ],
            "count": len(items),
            "list_url": settings.SITE_URL + reverse("notifications:list"),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        }
        subject = render_to_string("notifications/email/batch_subject.txt", context).strip()
        body = render_to_string("notifications/email/batch.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _absolute(url: str) -> str:
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def users_with_pending_email() -> list[int]:
    """People who have unread email notifications not yet sent (the tick tries each)."""
    return list(
        Notification.objects.filter(
            channel=Channel.EMAIL, emailed_at__isnull=True, read_at__isnull=True
        )
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
