"""Celery tasks of partnerships. They take ids and are safe to retry: every send claims its
row first (a conditional UPDATE or a unique row), so a retry mails nothing twice. New-message
email is the notification centre's (`message_posted`), not here."""

from __future__ import annotations

from celery import shared_task

from matchmaking.partnerships.services import meetings


@shared_task(name="matchmaking.partnerships.tasks.meeting_invitations_send", acks_late=True)
def meeting_invitations_send(meeting_id: int) -> int:
    """Mail the iCalendar invitations recorded for a meeting's current SEQUENCE."""
    return meetings.invitations_send(meeting_id=meeting_id)


@shared_task(name="matchmaking.partnerships.tasks.meeting_reminder_tick", acks_late=True)
def meeting_reminder_tick() -> int:
    """Periodic (beat): 24 h and 1 h reminders, once per person and start time."""
    return meetings.reminders_send()
