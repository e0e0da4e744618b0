"""Thread subscriptions and the mails they cause.

Replies are batched: each tick sends one mail per subscriber listing every new reply since
their last one. Each subscription's `notified_until` high-water mark is moved with a
conditional UPDATE (only from the value we read), so a retried or parallel tick cannot mail
the same replies twice; if sending fails, the claim is handed back for the next tick.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from forum.discussions import permissions
from forum.discussions.models import ModerationNotice, Subscription, Thread
from forum.discussions.selectors import subscription_new_posts

log = logging.getLogger(__name__)


def subscription_create(*, thread: Thread, user: User) -> Subscription:
    permissions.check_can_subscribe(user, thread)
    subscription, _created = Subscription.objects.get_or_create(user=user, thread=thread)
    return subscription


def subscription_delete(*, thread: Thread, user: User) -> None:
    permissions.check_can_subscribe(user, thread)
    Subscription.objects.filter(user=user, thread=thread).delete()


def subscription_mark_read(*, subscription: Subscription, until: datetime) -> bool:
    """Move the follower's read state forward to `until` (the latest post they were shown);
    never backwards, so reading an earlier page keeps the later ones read. One UPDATE."""
    if until <= subscription.read_until:
        return False
    moved = Subscription.objects.filter(pk=subscription.pk, read_until__lt=until).update(
        read_until=until
    )
    subscription.read_until = until
    return moved == 1


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def subscription_mail_send(*, user_id: int, until: datetime) -> int:
    """Mail `user_id` the replies published up to `until` in their threads. Returns replies sent."""

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    claimed: list[tuple[Subscription, datetime]] = []
    sections = []
    for subscription, posts in subscription_new_posts(user, until):
        previous = subscription.notified_until
        won = Subscription.objects.filter(pk=subscription.pk, notified_until=previous).update(
            notified_until=until
        )
        if won != 1:
            continue  # another tick got there first
        claimed.append((subscription, previous))
        sections.append((subscription.thread, posts))
    if not sections:
        return 0
    count = sum(len(posts) for _thread, posts in sections)
    with translation.override(user.language):
        context = {
            "user": user,
            "sections": [
                (thread, _absolute(thread.get_absolute_url()), posts) for thread, posts in sections
            ],
            "count": count,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("discussions/email/replies_subject.txt", context).strip()
        text = render_to_string("discussions/email/replies.txt", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    try:
        message.send()
    except Exception:
        # Hand the claims back so the next tick retries these replies, then let Celery see it.
        for subscription, previous in claimed:
            Subscription.objects.filter(pk=subscription.pk, notified_until=until).update(
                notified_until=previous
            )
        raise
    return count


def moderation_notice_send(*, notice_id: int) -> bool:
    """Mail one moderation notice, once: the `sent_at` claim is a conditional UPDATE."""
    now = timezone.now()
    if ModerationNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(sent_at=now) != 1:
        return False
    notice = ModerationNotice.objects.select_related("recipient").get(pk=notice_id)
    recipient = notice.recipient
    with translation.override(recipient.language):
        context = {"notice": notice, "url": _absolute(notice.url), "user": recipient}
        subject = render_to_string("discussions/email/notice_subject.txt", context).strip()
        text = render_to_string("discussions/email/notice.txt", context)
    try:
        EmailMultiAlternatives(subject, text, to=[recipient.email]).send()
    except Exception:
        with transaction.atomic():
            ModerationNotice.objects.filter(pk=notice_id, sent_at=now).update(sent_at=None)
        raise
    return True
