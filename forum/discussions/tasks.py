"""Celery tasks of the forum: batched reply mails and moderation notices. Both are idempotent."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from forum.discussions.selectors import subscribers_with_new_posts
from forum.discussions.services import moderation_notice_send, subscription_mail_send


@shared_task(name="forum.discussions.tasks.subscription_mail_tick", acks_late=True)
def subscription_mail_tick() -> int:
    """Fan out one mail job per subscriber who has new replies up to now."""

    until = timezone.now()
    user_ids = list(subscribers_with_new_posts(until))
    for user_id in user_ids:
        subscription_mail_user.delay(user_id, until.isoformat())
    return len(user_ids)


@shared_task(
    name="forum.discussions.tasks.subscription_mail_user",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def subscription_mail_user(user_id: int, until: str) -> int:

    return subscription_mail_send(user_id=user_id, until=datetime.fromisoformat(until))


@shared_task(
    name="forum.discussions.tasks.moderation_notice_send_task",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def moderation_notice_send_task(notice_id: int) -> bool:

    return moderation_notice_send(notice_id=notice_id)
