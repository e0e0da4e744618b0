"""Reads of partnerships, with their joins already right."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Organisation, User
from matchmaking.partnerships import hours
from matchmaking.partnerships.models import (
    Attachment,
    Conversation,
    ConversationStatus,
    DealDocument,
    DocumentAccess,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    Message,
    NdaAcceptance,
    Outcome,
    ReadState,
    WorkingHours,
)


def _unread_messages(user: User):
    """Messages of others posted after the person's read mark (all of them without one)."""
    read = ReadState.objects.filter(conversation=OuterRef("conversation"), user=user).values(
        "last_read_at"
    )[:1]
    return (
        Message.objects.filter(conversation__status=ConversationStatus.OPEN, is_hidden=False)
        .exclude(author=user)
        .annotate(read_until=Subquery(read))
        .filter(Q(read_until__isnull=True) | Q(created_at__gt=F("read_until")))
    )


def unread_count(user: User) -> int:
    """Unread messages over all of the person's conversations, for the navigation badge."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return 0
    org = user.organisation_id
    return (
        _unread_messages(user)
        .filter(Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org))
        .count()
    )


def conversations_for(user: User) -> QuerySet[Conversation]:
    org = user.organisation_id
    read = ReadState.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_at")[
        :1
    ]
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), is_hidden=False)
        .exclude(author=user)
        .filter(Q(created_at__gt=Subquery(read)) | ~Exists(read))
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Conversation.objects.filter(Q(organisation_a_id=org) | Q(organisation_b_id=org))
        .select_related("organisation_a", "organisation_b", "introduction__partnership_type")
        .annotate(unread=Coalesce(Subquery(unread), 0))
        .order_by("-last_message_at", "-created_at", "-id")
    )


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("author", "organisation")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def conversation_meetings(conversation: Conversation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(conversation=conversation)
        .select_related("proposed_by_org")
        .prefetch_related(
            Prefetch("slots", queryset=MeetingSlot.objects.filter(is_current=True)),
            "records",
        )
        .order_by("-created_at", "-id")
    )


def conversation_documents(conversation: Conversation, organisation_id: int) -> QuerySet:
    accepted = NdaAcceptance.objects.filter(
        document=OuterRef("pk"), organisation_id=organisation_id
    )
    return (
        DealDocument.objects.filter(conversation=conversation)
        .select_related("organisation")
        .annotate(accepted=Exists(accepted), opens=Count("accesses"))
        .order_by("-created_at", "-id")
    )


def document_accesses(document: DealDocument) -> QuerySet[DocumentAccess]:
    return document.accesses.select_related("user", "organisation").order_by("-created_at")


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    org = user.organisation_id
    return (
        Meeting.objects.filter(
            Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org),
            starts_at__isnull=False,
            # A meeting being rescheduled keeps its agreed time until a new one is accepted.
            status__in=[
                MeetingStatus.ACCEPTED,
                MeetingStatus.RESCHEDULING,
                MeetingStatus.CANCELLED,
            ],
        )
        .select_related("conversation")
        .order_by("starts_at")
    )


def attendees(conversation: Conversation) -> list[User]:
    """Every active member of both organisations is invited."""
    return list(
        User.objects.filter(organisation_id__in=conversation.org_ids(), is_active=True).order_by(
            "organisation_id", "pk"
        )
    )


def side_of(organisation: Organisation) -> hours.Side:
    record = WorkingHours.objects.filter(organisation=organisation).first()
    zone = hours.default_timezone(organisation.country)
    if record is None:
        return hours.Side(country=organisation.country, region=organisation.region, timezone=zone)
    return hours.Side(
        country=organisation.country,
        region=organisation.region,
        timezone=record.timezone or zone,
        starts=record.starts,
        ends=record.ends,
    )


def sides_for(conversation: Conversation) -> list[hours.Side]:
    return [side_of(conversation.organisation_a), side_of(conversation.organisation_b)]


def reported_messages() -> QuerySet[Message]:
    """Messages as the moderation queue shows them (the forum filters to the flagged ones)."""
    return Message.objects.select_related(
        "author", "organisation", "conversation__organisation_a", "conversation__organisation_b"
    ).prefetch_related("attachments")


def outcomes_for_export() -> QuerySet[Outcome]:
    return Outcome.objects.select_related(
        "organisation",
        "conversation__organisation_a",
        "conversation__organisation_b",
        "conversation__introduction__partnership_type",
    ).order_by("recorded_at", "id")


def attachment_by_token(token: str) -> Attachment | None:
    """A message attachment by its unguessable token, with the conversation its reader's
    membership is checked against; None for an unknown token or a hidden message."""
    attachment = (
        Attachment.objects.select_related("message__conversation").filter(token=token).first()
    )
    if attachment is None or attachment.message.is_hidden:
        return None
    return attachment
