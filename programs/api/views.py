"""DRF viewsets: read by anyone, written by verified owners (drafts only to their owners).

Lists are filtered by the same `ListFilters` as the HTML pages; `?format=csv` exports the whole
filtered list (pagination is off for CSV).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from accounts.models import User
from accounts.permissions import check_msme
from forum.csvexport import CSVRenderer
from programs import selectors, services
from programs.api import serializers as s
from programs.eligibility import applicant_for, evaluate
from programs.models import Enrolment, ExpressionOfInterest, TrainingSession
from programs.models.common import Publishable
from programs.services.common import (
    NOTICE_KINDS,
    PROGRAMME_KINDS,
    WINDOW_KINDS,
    check_can_draft,
    check_can_read,
    check_owns,
)

LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Full-text search (English, Japanese, Hindi)"),
    OpenApiParameter("sector", str, description="Sector slug"),
    OpenApiParameter("country", str, enum=["IN", "JP", "BI"]),
    OpenApiParameter("region", str, description="State / prefecture code, e.g. IN-CT, JP-27"),
    OpenApiParameter("sort", str, enum=["closing", "newest"]),
    OpenApiParameter("closing_within", int, description="Days"),
    OpenApiParameter("format", str, enum=["json", "csv"]),
]


class PublishableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    kinds: tuple[str, ...] = ()
    filter_backends: list = []

    def filtered(self, filters: selectors.ListFilters):  # pragma: no cover - abstract
        raise NotImplementedError

    # Each kind's own services; every kind's viewset provides these four.
    def create_item(self, user: User, data: dict[str, Any], sectors: list[Any]) -> Publishable:
        raise NotImplementedError  # pragma: no cover - abstract

    def update_item(
        self, item: Any, user: User, data: dict[str, Any], sectors: list[Any] | None
    ) -> Publishable:
        raise NotImplementedError  # pragma: no cover - abstract

    def publish_item(self, item: Any, user: User) -> Publishable:
        raise NotImplementedError  # pragma: no cover - abstract

    def withdraw_item(self, item: Any, user: User, reason: str) -> Publishable:
        raise NotImplementedError  # pragma: no cover - abstract

    def get_queryset(self):
        if self.action == "list":
            return self.filtered(selectors.ListFilters.from_params(self.request.query_params))
        return self.filtered(selectors.ListFilters())

    def paginate_queryset(self, queryset):
        if getattr(self.request.accepted_renderer, "format", "") == "csv":
            return None
        return super().paginate_queryset(queryset)

    def get_object(self):
        obj = super().get_object()
        check_can_read(self.request.user, obj)
        return obj

    def _split(self, serializer) -> tuple[dict, list | None]:
        data = dict(serializer.validated_data)
        return data, data.pop("sectors", None)

    def create(self, request: Request, *args, **kwargs) -> Response:
        user = api_user(request)  # a write: IsAuthenticatedOrReadOnly let only people in
        check_can_draft(user, kinds=self.kinds)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, sectors = self._split(serializer)
        item = self.create_item(user, data, sectors or [])
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        user = api_user(request)  # a write: IsAuthenticatedOrReadOnly let only people in
        item = self.get_object()
        check_owns(user, item)
        serializer = self.get_serializer(item, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        data, sectors = self._split(serializer)
        item = self.update_item(item, user, data, sectors)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        self.publish_item(item, api_user(request))
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=s.WithdrawSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request)  # a write: IsAuthenticatedOrReadOnly let only people in
        item = self.get_object()
        check_owns(user, item)
        serializer = s.WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.withdraw_item(item, user, serializer.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


@extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("kind", str)])
class NoticeViewSet(PublishableViewSet):
    """Policy notices from verified regulators."""

    serializer_class = s.NoticeSerializer
    kinds = NOTICE_KINDS

    def filtered(self, filters):
        return selectors.filter_notices(filters, user=self.request.user)

    def create_item(self, user, data, sectors):
        return services.notice_create(user=user, data=data, sectors=sectors)

    def update_item(self, item, user, data, sectors):
        note = str(self.request.data.get("change_note", ""))
        return services.notice_update(
            notice=item, user=user, data=data, sectors=sectors, change_note=note
        )

    def publish_item(self, item, user):
        return services.notice_publish(notice=item, user=user)

    def withdraw_item(self, item, user, reason):
        return services.notice_withdraw(notice=item, user=user, reason=reason)

    @extend_schema(responses=s.RevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def revisions(self, request: Request, pk: str | None = None) -> Response:
        notice = self.get_object()
        return Response(s.RevisionSerializer(notice.revisions.all(), many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses=s.AttachmentSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        notice = self.get_object()
        check_owns(request.user, notice)
        upload = request.FILES.get("file")
        if upload is None:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"file": ["Attach a PDF file."]})
        attachment = services.notice_attach(notice=notice, user=api_user(request), upload=upload)
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        *LIST_PARAMETERS,
        OpenApiParameter("instrument", str),
        OpenApiParameter("open_now", bool),
        OpenApiParameter("eligible", bool, description="Only windows I am eligible for"),
    ]
)
class WindowViewSet(PublishableViewSet):
    """Funding windows from verified financiers, with eligibility and expressions of interest."""

    serializer_class = s.WindowSerializer
    kinds = WINDOW_KINDS

    def filtered(self, filters):
        return selectors.filter_windows(filters, user=self.request.user)

    def create_item(self, user, data, sectors):
        return services.window_create(user=user, data=data, sectors=sectors)

    def update_item(self, item, user, data, sectors):
        return services.window_update(window=item, user=user, data=data, sectors=sectors)

    def publish_item(self, item, user):
        return services.window_publish(window=item, user=user)

    def withdraw_item(self, item, user, reason):
        return services.window_withdraw(window=item, user=user, reason=reason)

    @extend_schema(responses=s.VerdictSerializer)
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Request, pk: str | None = None) -> Response:
        """Am I eligible? Every criterion met, missed or unknown, in words."""
        window = self.get_object()
        organisation = check_msme(request.user)
        verdict = evaluate(window, applicant_for(organisation))
        return Response(s.VerdictSerializer(verdict).data)

    @extend_schema(methods=["GET"], responses=s.InterestSerializer(many=True), parameters=[])
    @extend_schema(methods=["POST"], request=s.InterestSerializer, responses=s.InterestSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=s.InterestSerializer)
    def interests(self, request: Request, pk: str | None = None) -> Response:
        """GET: the financier sees the interests sent to its window. POST: an MSME sends one."""
        window = self.get_object()
        if request.method == "POST":
            serializer = s.InterestSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            interest = services.interest_send(
                window=window,
                user=api_user(request),  # a POST: IsAuthenticatedOrReadOnly let only people in
                message=serializer.validated_data.get("message", ""),
            )
            return Response(s.InterestSerializer(interest).data, status=status.HTTP_201_CREATED)
        check_owns(request.user, window)
        page = self.paginate_queryset(selectors.interests_for_window(window))
        data = s.InterestSerializer(page, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class InterestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in MSME's expressions of interest; withdraw, or (financier) mark them."""

    serializer_class = s.InterestSerializer
    filter_backends: list = []

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated or not user.organisation_id:
            return ExpressionOfInterest.objects.none()
        return selectors.interests_of_organisation(user.organisation).select_related("organisation")

    def _get(self, pk: str) -> ExpressionOfInterest:
        return get_object_or_404(
            ExpressionOfInterest.objects.select_related("window", "organisation"), pk=pk
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        interest = services.interest_withdraw(interest=self._get(pk), user=api_user(request))
        return Response(s.InterestSerializer(interest).data)

    @extend_schema(request=s.InterestMarkSerializer)
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str) -> Response:
        interest = self._get(pk)
        check_owns(request.user, interest.window)
        serializer = s.InterestMarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = services.interest_mark(
            interest=interest, user=api_user(request), status=serializer.validated_data["status"]
        )
        return Response(s.InterestSerializer(interest).data)


@extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("topic", str)])
class ProgrammeViewSet(PublishableViewSet):
    """Training programmes with sessions; enrol through /program-sessions/{id}/enrol/."""

    serializer_class = s.ProgrammeSerializer
    kinds = PROGRAMME_KINDS

    def filtered(self, filters):
        return selectors.filter_programmes(filters, user=self.request.user)

    def create_item(self, user, data, sectors):
        return services.programme_create(user=user, data=data, sectors=sectors)

    def update_item(self, item, user, data, sectors):
        return services.programme_update(programme=item, user=user, data=data, sectors=sectors)

    def publish_item(self, item, user):
        return services.programme_publish(programme=item, user=user)

    def withdraw_item(self, item, user, reason):
        return services.programme_withdraw(programme=item, user=user, reason=reason)

    @extend_schema(request=s.SessionCreateSerializer, responses=s.SessionSerializer)
    @action(detail=True, methods=["post"])
    def sessions(self, request: Request, pk: str | None = None) -> Response:
        programme = self.get_object()
        check_owns(request.user, programme)
        serializer = s.SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_add(
            programme=programme, user=api_user(request), **serializer.validated_data
        )
        return Response(s.SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.EnrolmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def enrolments(self, request: Request, pk: str | None = None) -> Response:
        """The provider's list of participants."""
        programme = self.get_object()
        check_owns(request.user, programme)
        page = self.paginate_queryset(selectors.enrolments_for_programme(programme))
        data = s.EnrolmentSerializer(page, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class SessionViewSet(viewsets.GenericViewSet):
    queryset = TrainingSession.objects.select_related("programme")
    serializer_class = s.SessionSerializer

    @extend_schema(request=None, responses=s.EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def enrol(self, request: Request, pk: str | None = None) -> Response:
        """A place, or the waiting list when the session is full."""
        session = self.get_object()
        check_can_read(request.user, session.programme)
        enrolment = services.enrolment_enrol(session=session, user=api_user(request))
        return Response(s.EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class EnrolmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in person's enrolments; cancel them, or (provider) mark completion."""

    serializer_class = s.EnrolmentSerializer
    filter_backends: list = []

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return Enrolment.objects.none()
        return selectors.enrolments_of_user(self.request.user)

    def _get(self, pk: str) -> Enrolment:
        return get_object_or_404(
            Enrolment.objects.select_related("session__programme", "organisation"), pk=pk
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        enrolment = services.enrolment_cancel(enrolment=self._get(pk), user=api_user(request))
        return Response(s.EnrolmentSerializer(enrolment).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        enrolment = services.enrolment_complete(enrolment=self._get(pk), user=api_user(request))
        return Response(s.EnrolmentSerializer(enrolment).data)
