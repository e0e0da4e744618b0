"""Viewsets of the partnerships API: thin wrappers over the selectors and services.

Querysets hold only what the caller's organisation may see, so anything else is a 404; the
services' checks turn forbidden writes into 403s in the project's error format.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from accounts.permissions import check_can_moderate
from matchmaking.partnerships import hours, selectors
from matchmaking.partnerships.api import serializers as s
from matchmaking.partnerships.feeds import feed_token
from matchmaking.partnerships.files import no_store
from matchmaking.partnerships.models import (
    CalendarFeed,
    Conversation,
    DealDocument,
    Meeting,
    MeetingSlot,
    Message,
    NdaKind,
    Outcome,
)
from matchmaking.partnerships.permissions import check_conversation_member
from matchmaking.partnerships.services import conversations, deals, meetings, outcomes
from matchmaking.partnerships.services.ics import invitation_ics
from matchmaking.partnerships.views.common import client_ip

BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


def _mine(user) -> Q:
    org = user.organisation_id
    return Q(organisation_a_id=org) | Q(organisation_b_id=org)


def _conversation(request: Request, pk: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related("organisation_a", "organisation_b").filter(
            _mine(request.user)
        ),
        pk=pk,
    )
    check_conversation_member(request.user, conversation)
    return conversation


class ConversationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your organisation's conversations (one per accepted introduction), with unread counts."""

    serializer_class = s.ConversationSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Conversation]:
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        return selectors.conversations_for(api_user(self.request))

    @extend_schema(methods=["GET"], responses=s.MessageSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"],
        request={
            "multipart/form-data": s.MessageCreateSerializer,
            "application/json": s.MessageCreateSerializer,
        },
        responses={201: s.MessageSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        """GET lists the messages (paginated, oldest first); POST writes one, with files."""
        conversation = self.get_object()
        if request.method == "POST":
            serializer = s.MessageCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            message = conversations.message_post(
                conversation=conversation,
                by_user=request.user,
                body=serializer.validated_data.get("body", ""),
                files=request.FILES.getlist("files"),
            )
            message = selectors.conversation_messages(conversation).get(pk=message.pk)
            return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.conversation_messages(conversation))
        conversations.conversation_mark_read(conversation=conversation, by_user=request.user)
        return self.get_paginated_response(s.MessageSerializer(page, many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark everything posted so far as read by you."""
        conversations.conversation_mark_read(conversation=self.get_object(), by_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.ConversationSerializer)
    @action(detail=True, methods=["post"])
    def block(self, request: Request, pk: str | None = None) -> Response:
        """Block the other organisation: the conversation closes for both, no future matches."""
        conversation = conversations.conversation_block(
            conversation=self.get_object(), by_user=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=conversation.pk)).data)

    @extend_schema(responses=s.SuggestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def suggestions(self, request: Request, pk: str | None = None) -> Response:
        """Slots inside both organisations' working hours, skipping weekends and holidays."""
        conversation = self.get_object()
        try:
            minutes = int(request.query_params.get("duration_minutes", 45))
        except ValueError:
            minutes = 0
        if minutes not in (30, 45, 60):
            raise ValidationError({"duration_minutes": ["Choose 30, 45 or 60."]})
        sides = selectors.sides_for(conversation)
        starts = hours.suggest_slots(
            sides,
            minutes,
            after=timezone.now(),
            count=settings.PARTNERSHIPS_SUGGESTIONS,
            days=settings.PARTNERSHIPS_SUGGESTION_DAYS,
        )
        zones = [side.timezone for side in sides]
        return Response(
            [{"starts_at": st, "when": hours.both_zones(st, minutes, zones)} for st in starts]
        )


class MessageViewSet(viewsets.GenericViewSet):
    """Messages by id: only reporting lives here (the list is under the conversation)."""

    serializer_class = s.ReportSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        org = api_user(self.request).organisation_id
        return Message.objects.filter(
            Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org)
        ).select_related("conversation")

    @extend_schema(request=s.ReportSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        """Report a message to the moderators with one of the forum's flag reasons."""
        serializer = s.ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversations.message_report(
            message=self.get_object(),
            by_user=request.user,
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data.get("note", ""),
        )
        return Response(status=status.HTTP_201_CREATED)


class AttachmentDownload(APIView):
    """A message attachment, as a download, to members of the two organisations only."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=BINARY)
    def get(self, request: Request, token: str) -> FileResponse:
        attachment = selectors.attachment_by_token(token)
        if attachment is None:
            raise Http404
        check_conversation_member(request.user, attachment.message.conversation)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        return no_store(response)


class MeetingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings of your conversations. POST proposes up to three slots; warnings (weekend,
    holiday, outside hours) come back with the created meeting and do not refuse it."""

    serializer_class = s.MeetingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        org = api_user(self.request).organisation_id
        return (
            Meeting.objects.filter(
                Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org)
            )
            .select_related("conversation__organisation_a", "conversation__organisation_b")
            .prefetch_related(Prefetch("slots", queryset=MeetingSlot.objects.order_by("starts_at")))
            .order_by("-created_at", "-id")
        )

    def _out(self, meeting: Meeting) -> dict:
        return s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data

    @extend_schema(request=s.MeetingProposeSerializer, responses={201: s.MeetingProposedSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = s.MeetingProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        conversation = _conversation(request, data["conversation"])
        meeting = meetings.meeting_propose(
            conversation=conversation,
            by_user=request.user,
            title=data["title"],
            starts=data["starts"],
            duration_minutes=int(data["duration_minutes"]),
            mode=data["mode"],
            url=data.get("url", ""),
            address=data.get("address", ""),
            note=data.get("note", ""),
        )
        body = self._out(meeting)
        body["warnings"] = meetings.slot_warnings(
            conversation, data["starts"], int(data["duration_minutes"])
        )
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MeetingAcceptSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Accept one of the current slots (the side that proposed them cannot); accepting a
        new time of a meeting being rescheduled moves it and sends the updated invitation."""
        serializer = s.MeetingAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meetings.meeting_accept(
            meeting=self.get_object(),
            by_user=request.user,
            slot_id=serializer.validated_data["slot"],
        )
        return Response(self._out(meeting))

    def _with_warnings(self, meeting: Meeting, starts) -> dict:
        body = self._out(meeting)
        body["warnings"] = meetings.slot_warnings(
            meeting.conversation, starts, meeting.duration_minutes
        )
        return body

    @extend_schema(request=s.MeetingCounterSerializer, responses=s.MeetingProposedSerializer)
    @action(detail=True, methods=["post"])
    def counter(self, request: Request, pk: str | None = None) -> Response:
        """Propose other times instead of accepting one (warnings come back, as on create)."""
        serializer = s.MeetingCounterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meetings.meeting_counter(
            meeting=self.get_object(),
            by_user=request.user,
            starts=serializer.validated_data["starts"],
            note=serializer.validated_data.get("note", ""),
        )
        return Response(self._with_warnings(meeting, serializer.validated_data["starts"]))

    @extend_schema(request=s.MeetingRescheduleSerializer, responses=s.MeetingProposedSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str | None = None) -> Response:
        """Propose new times for an accepted meeting. It waits (`rescheduling`) until the
        other side accepts one with `accept`; the agreed time stands until then."""
        serializer = s.MeetingRescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meetings.meeting_reschedule(
            meeting=self.get_object(),
            by_user=request.user,
            starts=serializer.validated_data["starts"],
            note=serializer.validated_data["note"],
        )
        return Response(self._with_warnings(meeting, serializer.validated_data["starts"]))

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="keep-time")
    def keep_time(self, request: Request, pk: str | None = None) -> Response:
        """Decline (or withdraw) a proposed move: the meeting stays at its agreed time."""
        meeting = meetings.meeting_keep_time(meeting=self.get_object(), by_user=request.user)
        return Response(self._out(meeting))

    @extend_schema(request=s.MeetingCancelSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        serializer = s.MeetingCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meetings.meeting_cancel(
            meeting=self.get_object(), by_user=request.user, note=serializer.validated_data["note"]
        )
        return Response(self._out(meeting))

    @extend_schema(request=s.MeetingRecordSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        """After the meeting: was it held?"""
        serializer = s.MeetingRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meetings.meeting_record(
            meeting=self.get_object(), by_user=request.user, held=serializer.validated_data["held"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def ics(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The current invitation (REQUEST, or CANCEL once cancelled) as iCalendar."""
        meeting = self.get_object()
        if meeting.starts_at is None:
            raise Http404
        method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
        body = invitation_ics(meeting, selectors.attendees(meeting.conversation), method=method)
        return HttpResponse(body, content_type=f"text/calendar; method={method}; charset=utf-8")


class CalendarFeedView(APIView):
    """Your private calendar feed URL. POST makes a new one; the previous URL stops working."""

    permission_classes = [permissions.IsAuthenticated]

    def _url(self, feed: CalendarFeed | None) -> str | None:
        if feed is None:
            return None
        return settings.SITE_URL + reverse(
            "partnerships:calendar_feed", kwargs={"token": feed_token(feed)}
        )

    @extend_schema(responses=s.CalendarFeedSerializer)
    def get(self, request: Request) -> Response:
        feed = CalendarFeed.objects.filter(user=api_user(request)).first()
        return Response({"url": self._url(feed)})

    @extend_schema(request=None, responses=s.CalendarFeedSerializer)
    def post(self, request: Request) -> Response:
        return Response({"url": self._url(meetings.calendar_feed_rotate(by_user=request.user))})


class DocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deal-room documents of your conversations. The other side sees title, size and
    description; `file_url` appears only after one of its members accepts the NDA."""

    serializer_class = s.DocumentSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_field = "token"
    lookup_url_kwarg = "token"

    def get_queryset(self) -> QuerySet[DealDocument]:
        if getattr(self, "swagger_fake_view", False):
            return DealDocument.objects.none()
        org = api_user(self.request).organisation_id
        qs = DealDocument.objects.filter(
            Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org)
        ).prefetch_related("acceptances")
        conversation = self.request.query_params.get("conversation")
        if conversation and conversation.isdigit():
            qs = qs.filter(conversation_id=int(conversation))
        return qs.order_by("-created_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("conversation", int)])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": s.DocumentCreateSerializer},
        responses={201: s.DocumentSerializer},
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = s.DocumentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = deals.document_share(
            conversation=_conversation(request, data["conversation"]),
            by_user=request.user,
            title=data["title"],
            description=data.get("description", ""),
            upload=data["file"],
            nda_kind=data["nda_kind"],
            nda_upload=data.get("nda_file"),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=document.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return no_store(super().retrieve(request, *args, **kwargs))

    @extend_schema(responses=s.TermsSerializer)
    @action(detail=True, methods=["get"])
    def terms(self, request: Request, token: str | None = None) -> Response:
        """The non-disclosure terms of the document, in your language, with their SHA-256."""
        document = self.get_object()
        language, text, digest = deals.document_terms(document, get_language() or "en")
        pdf = (
            reverse("partnerships:document_nda", kwargs={"token": document.token})
            if document.nda_kind == NdaKind.CUSTOM
            else None
        )
        return Response(
            {
                "kind": document.nda_kind,
                "language": language,
                "text": text,
                "sha256": digest,
                "pdf_url": pdf,
            }
        )

    @extend_schema(request=None, responses={201: s.AcceptanceSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, token: str | None = None) -> Response:
        """Accept the terms for your organisation (records who, when, IP and terms SHA-256)."""
        acceptance = deals.nda_accept(
            document=self.get_object(),
            by_user=request.user,
            ip_address=client_ip(request),
            language=get_language() or "en",
        )
        return Response(s.AcceptanceSerializer(acceptance).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=BINARY)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, token: str | None = None) -> FileResponse:
        """The document itself, once the terms are accepted; every download is logged."""
        document = self.get_object()
        deals.document_open(
            document=document,
            by_user=request.user,
            ip_address=client_ip(request),
            action="download",
        )
        return no_store(
            FileResponse(
                document.file.open("rb"),
                as_attachment=True,
                filename=document.name,
                content_type=document.content_type,
            )
        )

    @extend_schema(request=None, responses=s.DocumentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, token: str | None = None) -> Response:
        document = deals.document_revoke(document=self.get_object(), by_user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(responses=s.AccessSerializer(many=True))
    @action(detail=True, methods=["get"])
    def accesses(self, request: Request, token: str | None = None) -> Response:
        """Every view and download of your document (owner only)."""
        document = self.get_object()
        if document.organisation_id != api_user(request).organisation_id:
            raise PermissionDenied("Only the organisation that shared the document sees its log.")
        page = self.paginate_queryset(selectors.document_accesses(document))
        return self.get_paginated_response(s.AccessSerializer(page, many=True).data)


class OutcomeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Outcomes of your conversations (staff see all). POST records or corrects your side's."""

    serializer_class = s.OutcomeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Outcome]:
        if getattr(self, "swagger_fake_view", False):
            return Outcome.objects.none()
        qs = selectors.outcomes_for_export()
        if self.request.user.is_staff:
            check_can_moderate(self.request.user)
            return qs.order_by("-recorded_at", "-id")
        org = api_user(self.request).organisation_id
        return qs.filter(
            Q(conversation__organisation_a_id=org) | Q(conversation__organisation_b_id=org)
        ).order_by("-recorded_at", "-id")

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        conversation = _conversation(request, data["conversation"].pk)
        outcome = outcomes.outcome_record(
            conversation=conversation,
            by_user=request.user,
            kind=data["kind"],
            value=data.get("value"),
            currency=data.get("currency", ""),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(outcome).data, status=status.HTTP_201_CREATED)


__all__ = [
    "AttachmentDownload",
    "CalendarFeedView",
    "ConversationViewSet",
    "DocumentViewSet",
    "MeetingViewSet",
    "MessageViewSet",
    "OutcomeViewSet",
]
