"""Celery tasks of the notification centre: batched email."""

from __future__ import annotations

from celery import shared_task

from accounts.notifications import services


@shared_task(name="accounts.notifications.tasks.notification_email_send", acks_late=True)
def notification_email_send(user_id: int) -> int:
    """Mail a person's pending email notifications now if their batching window allows;
    otherwise the tick sends them when it ends. Claimed rows make a retry send nothing twice."""
    return services.notification_email_deliver(user_id=user_id).sent


@shared_task(name="accounts.notifications.tasks.notification_email_tick", acks_late=True)
def notification_email_tick() -> int:
    """Periodic (beat, every minute): send the batches whose window has ended."""
    sent = 0
    for user_id in services.users_with_pending_email():
        sent += 1 if services.notification_email_deliver(user_id=user_id).sent else 0
    return sent
