"""Bits the partnerships views share."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from matchmaking.partnerships.models import Conversation, DealDocument, Meeting
from matchmaking.partnerships.permissions import check_conversation_member


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from (the proxy sets REMOTE_ADDR via the WSGI server)."""
    return request.META.get("REMOTE_ADDR") or None


def error_messages(error: ValidationError) -> Iterable[str]:
    if hasattr(error, "message_dict"):
        for items in error.message_dict.values():
            yield from items
    else:
        yield from error.messages


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error_messages(error):
        messages.error(request, message)


def conversation_for(request: HttpRequest, pk: int) -> Conversation:
    conversation = (
        Conversation.objects.select_related(
            "organisation_a", "organisation_b", "introduction__partnership_type"
        )
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        raise Http404
    check_conversation_member(request.user, conversation)
    return conversation


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "conversation__organisation_a", "conversation__organisation_b", "proposed_by_org"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    check_conversation_member(request.user, meeting.conversation)
    return meeting


def document_for(request: HttpRequest, token: str) -> DealDocument:
    document = (
        DealDocument.objects.select_related(
            "organisation", "conversation__organisation_a", "conversation__organisation_b"
        )
        .filter(token=token)
        .first()
    )
    if document is None:
        raise Http404
    check_conversation_member(request.user, document.conversation)
    return document
