"""What partnerships holds about a person (export) and what account deletion does to it.

Messages, meetings and documents belong to the conversation of two organisations: they stay,
anonymised ("deleted member"), like forum posts. What is the person's own goes: read marks,
calendar feed, reminders and invitations (their notifications go with the notification centre's eraser). NDA acceptances keep their legal record
(organisation, time, terms hash) but lose the person's link, name and IP address.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from forum.discussions.models import Flag
from matchmaking.partnerships.models import (
    CalendarFeed,
    DealDocument,
    DocumentAccess,
    InvitationMail,
    Meeting,
    MeetingRecord,
    Message,
    NdaAcceptance,
    Outcome,
    ReadState,
    Reminder,
)


def export_user(user: Any) -> dict:
    messages = Message.objects.filter(author=user).order_by("created_at")
    return {
        "messages": [
            {
                "conversation_id": m.conversation_id,
                "body": m.body,
                "created_at": m.created_at.isoformat(),
                "attachments": [a.name for a in m.attachments.all()],
            }
            for m in messages.prefetch_related("attachments")
        ],
        "meetings_proposed": [
            {"title": m.title, "status": m.status, "created_at": m.created_at.isoformat()}
            for m in Meeting.objects.filter(proposed_by=user)
        ],
        "documents_shared": [
            {"title": d.title, "sha256": d.sha256, "created_at": d.created_at.isoformat()}
            for d in DealDocument.objects.filter(uploaded_by=user)
        ],
        "nda_acceptances": [
            {
                "document_id": a.document_id,
                "accepted_at": a.accepted_at.isoformat(),
                "ip_address": a.ip_address,
                "terms_sha256": a.terms_sha256,
            }
            for a in NdaAcceptance.objects.filter(user=user)
        ],
        "document_opens": [
            {"document_id": a.document_id, "action": a.action, "at": a.created_at.isoformat()}
            for a in DocumentAccess.objects.filter(user=user)
        ],
        "reports": [
            {"message_id": r.target_id, "reason": r.reason, "note": r.note}
            # The forum's eraser anonymises these flags with the person's other flags.
            for r in Flag.objects.filter(
                flagger=user, target_type=ContentType.objects.get_for_model(Message)
            )
        ],
        "outcomes_recorded": [
            {"conversation_id": o.conversation_id, "kind": o.kind}
            for o in Outcome.objects.filter(recorded_by=user)
        ],
    }


def erase_user(user: Any) -> None:
    """Runs inside the deletion transaction, before the person's row is deleted."""
    Message.objects.filter(author=user).update(author=None)
    Meeting.objects.filter(proposed_by=user).update(proposed_by=None)
    MeetingRecord.objects.filter(recorded_by=user).update(recorded_by=None)
    DealDocument.objects.filter(uploaded_by=user).update(uploaded_by=None)
    NdaAcceptance.objects.filter(user=user).update(
        user=None, user_label="deleted member", ip_address=None
    )
    DocumentAccess.objects.filter(user=user).update(user=None, ip_address=None)
    Outcome.objects.filter(recorded_by=user).update(recorded_by=None)
    for model in (ReadState, InvitationMail, Reminder, CalendarFeed):
        model.objects.filter(user=user).delete()
