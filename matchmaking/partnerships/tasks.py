"""Celery tasks of partnerships. They take ids and are safe to retry: every send claims its
row first (a conditional UPDATE or a unique row), so a retry mails nothing twice."""

from __future__ import annotations

from celery import shared_task

from matchmaking.partnerships.services import mail, meetings


@shared_task(name="matchmaking.partnerships.tasks.message_mail_notify", acks_late=True)
def message_mail_notify(conversation_id: int) -> int:
    """After a new message: mail at once those not mailed within the batching window."""
    return mail.message_mail_notify(conversation_id=conversation_id)


@shared_task(name="matchmaking.partnerships.tasks.message_mail_tick", acks_late=True)
def message_mail_tick() -> int:
    """Periodic (beat): mail the batches of later messages once their window has passed."""
    return mail.message_mail_tick()


@shared_task(name="matchmaking.partnerships.tasks.meeting_invitations_send", acks_late=True)
def meeting_invitations_send(meeting_id: int) -> int:
    """Mail the iCalendar invitations recorded for a meeting's current SEQUENCE."""
    return meetings.invitations_send(meeting_id=meeting_id)


@shared_task(name="matchmaking.partnerships.tasks.meeting_reminder_tick", acks_late=True)
def meeting_reminder_tick() -> int:
    """Periodic (beat): 24 h and 1 h reminders, once per person and start time."""
    return meetings.reminders_send()
