"""New-message mail: the first message at once, later ones together after a quiet window.

Each person has one `MessageMail` row per conversation. Sending claims the next batch by
moving `notified_until` with a conditional UPDATE from the value it read; a retried task or
a concurrent tick finds it moved and sends nothing, so every message is mailed once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from matchmaking.partnerships.models import Conversation, Message, MessageMail, ReadState


def _window() -> timedelta:
    return timedelta(minutes=settings.PARTNERSHIPS_MAIL_BATCH_MINUTES)


def message_mail_notify(*, conversation_id: int, now: datetime | None = None) -> int:
    """After a new message: make sure every member of both sides has a row, then mail those
    whose last mail is older than the window. The others are left to the periodic tick."""
    now = now or timezone.now()
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or not conversation.is_open:
        return 0
    members = User.objects.filter(
        organisation_id__in=conversation.org_ids(), is_active=True
    ).values_list("pk", flat=True)
    MessageMail.objects.bulk_create(
        [
            MessageMail(
                conversation=conversation, user_id=pk, notified_until=conversation.created_at
            )
            for pk in members
        ],
        ignore_conflicts=True,
    )
    sent = 0
    for row in MessageMail.objects.filter(conversation=conversation, user_id__in=list(members)):
        sent += message_mail_send(row_id=row.pk, now=now)
    return sent


def message_mail_send(*, row_id: int, now: datetime | None = None) -> int:
    """Mail one person the messages of others since their last mail; 1 if mailed, else 0."""
    now = now or timezone.now()
    row = MessageMail.objects.select_related("user", "conversation").filter(pk=row_id).first()
    if row is None or not row.user.is_active or not row.conversation.is_open:
        return 0
    if row.last_sent_at is not None and row.last_sent_at > now - _window():
        return 0
    read = (
        ReadState.objects.filter(conversation_id=row.conversation_id, user_id=row.user_id)
        .values_list("last_read_at", flat=True)
        .first()
    )
    since = max(row.notified_until, read) if read else row.notified_until
    messages = list(
        Message.objects.filter(
            conversation_id=row.conversation_id,
            created_at__gt=since,
            created_at__lte=now,
            is_hidden=False,
        )
        .exclude(author_id=row.user_id)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    if not messages:
        return 0
    claimed = MessageMail.objects.filter(pk=row.pk, notified_until=row.notified_until).update(
        notified_until=messages[-1].created_at, last_sent_at=now
    )
    if claimed != 1:
        return 0
    user = row.user
    url = settings.SITE_URL + reverse(
        "partnerships:conversation", kwargs={"pk": row.conversation_id}
    )
    with translation.override(user.language or "en"):
        conversation = row.conversation
        context = {
            "messages": messages,
            "other": conversation.other_organisation(user.organisation_id),
            "url": url,
            "user": user,
        }
        subject = render_to_string("partnerships/email/messages_subject.txt", context).strip()
        body = render_to_string("partnerships/email/messages.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return 1


def message_mail_tick(*, now: datetime | None = None) -> int:
    """Periodic: mail the batches whose window has passed."""
    now = now or timezone.now()
    due = MessageMail.objects.filter(
        conversation__last_message_at__gt=F("notified_until"),
        conversation__status="open",
    ).filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - _window()))
    return sum(message_mail_send(row_id=pk, now=now) for pk in due.values_list("pk", flat=True))
