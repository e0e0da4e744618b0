"""Forum API: reads open to everyone on public boards, writes for signed-in people who are not
silenced (the services check), moderation for staff with MFA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from accounts.models import User
from accounts.permissions import check_can_moderate
from forum.api.routers import parse_id
from forum.discussions import selectors, services
from forum.discussions.api import serializers as s
from forum.discussions.models import Thread
from forum.discussions.permissions import is_moderator
from forum.discussions.services.flagged import flagged_decide


def _moderator(request: Request) -> bool:
    """Cached per request (in the request's own attributes): the MFA lookup behind it is a query."""
    cache = request.__dict__
    if "_forum_moderator" not in cache:
        cache["_forum_moderator"] = is_moderator(request.user)
    return cache["_forum_moderator"]


def _rate_limited(call: Callable, *args, **kwargs):
    """Run a posting service; a rate-limit refusal becomes 429 with the service's message."""
    try:
        return call(*args, **kwargs)
    except services.PostingRateLimited as exc:
        raise exceptions.Throttled(detail=" ".join(exc.messages)) from None


class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    """Boards (admins manage them in Django admin)."""

    serializer_class = s.BoardSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.board_list(self.request.user)


@extend_schema(
    parameters=[
        OpenApiParameter("board", str, description="Board slug"),
        OpenApiParameter("language", str, enum=["en", "ja", "hi"]),
        OpenApiParameter("q", str, description="Full-text search in titles and posts"),
    ]
)
class ThreadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Threads. Creating one also creates its opening post (which may wait for approval)."""

    serializer_class = s.ThreadSerializer
    filter_backends: list = []
    rate_limited_actions = ("create",)  # _rate_limited: the schema documents its 429

    def get_queryset(self):
        params = self.request.query_params
        if self.action != "list":
            queryset = Thread.objects.select_related("board", "author")
            return queryset if _moderator(self.request) else queryset.filter(is_visible=True)
        board = None
        if params.get("board"):
            board = selectors.board_get(self.request.user, params["board"])
        return selectors.thread_list(
            self.request.user,
            board=board,
            language=params.get("language", ""),
            query=params.get("q", ""),
        )

    def get_object(self) -> Thread:
        return selectors.thread_get(
            self.request.user, int(self.kwargs["pk"]), moderator=_moderator(self.request)
        )

    @extend_schema(request=s.ThreadCreateSerializer, responses={201: s.ThreadSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        data = s.ThreadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread = _rate_limited(services.thread_create, author=request.user, **data.validated_data)
        return Response(s.ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"])
    def subscribe(self, request: Request, pk: str) -> Response:
        thread = self.get_object()
        # POST and DELETE are writes: the default IsAuthenticatedOrReadOnly let only people in.
        if request.method == "POST":
            services.subscription_create(thread=thread, user=api_user(request))
        else:
            services.subscription_delete(thread=thread, user=api_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.SolveSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def solve(self, request: Request, pk: str) -> Response:
        data = s.SolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        thread = services.thread_mark_solved(
            thread=self.get_object(), by_user=api_user(request), post=data.validated_data["post"]
        )
        return Response(s.ThreadSerializer(thread).data)

    def _moderate(self, request: Request, service: Callable, serializer=s.ReasonSerializer):
        check_can_moderate(request.user)  # before validation: the refusal is the answer
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        moderator = check_can_moderate(request.user)
        thread = service(thread=self.get_object(), by_user=moderator, **data.validated_data)
        return Response(s.ThreadSerializer(thread).data)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.thread_lock)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.thread_unlock)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def pin(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.thread_pin)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def unpin(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.thread_unpin)

    @extend_schema(request=s.MoveSerializer, responses={200: s.ThreadSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.thread_move, s.MoveSerializer)


@extend_schema(parameters=[OpenApiParameter("thread", int, description="Thread id")])
class PostViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Posts. Authors edit their own (PATCH); moderators act through the action endpoints."""

    serializer_class = s.PostSerializer
    filter_backends: list = []
    rate_limited_actions = ("create",)  # _rate_limited: the schema documents its 429
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        thread = None
        raw_thread = self.request.query_params.get("thread")
        if self.action == "list" and raw_thread:
            thread_id = parse_id(raw_thread)
            if thread_id is None:
                raise exceptions.ValidationError({"thread": [_("A thread id is a whole number.")]})
            thread = selectors.thread_get(
                self.request.user, thread_id, moderator=_moderator(self.request)
            )
        return selectors.post_list(
            self.request.user, thread=thread, moderator=_moderator(self.request)
        )

    @extend_schema(request=s.PostCreateSerializer, responses={201: s.PostSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        data = s.PostCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = _rate_limited(
            services.post_create,
            thread=data.validated_data["thread"],
            author=request.user,
            body=data.validated_data["body"],
            quoted_post=data.validated_data.get("quoted_post"),
        )
        return Response(s.PostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PostEditSerializer, responses={200: s.PostSerializer})
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        data = s.PostEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_edit(
            post=self.get_object(), by_user=api_user(request), **data.validated_data
        )
        return Response(s.PostSerializer(post).data)

    def update(self, request: Request, *args, **kwargs) -> Response:
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed("PUT")
        return self.partial_update(request, *args, **kwargs)

    def _moderate(self, request: Request, service: Callable, serializer=s.ReasonSerializer):
        check_can_moderate(request.user)  # before validation: the refusal is the answer
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        moderator = check_can_moderate(request.user)
        post = service(post=self.get_object(), by_user=moderator, **data.validated_data)
        return Response(s.PostSerializer(post).data)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PostSerializer})
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.post_hide)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PostSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.post_restore)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PostSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.post_approve)

    @extend_schema(request=s.ModeratorEditSerializer, responses={200: s.PostSerializer})
    @action(detail=True, methods=["post"], url_path="moderator-edit")
    def moderator_edit(self, request: Request, pk: str) -> Response:
        return self._moderate(request, services.post_moderator_edit, s.ModeratorEditSerializer)


class FlagViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Your own flags; POST flags a post (once per post)."""

    serializer_class = s.FlagSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.flags_of(self.request.user).order_by("-created_at", "-id")

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.flag_create(
            post=data["post"],
            flagger=api_user(self.request),
            reason=data["reason"],
            note=data.get("note", ""),
        )


class ModerationQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Flagged and waiting posts, most flags first then oldest (staff with MFA)."""

    serializer_class = s.QueueItemSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        check_can_moderate(self.request.user)
        return selectors.moderation_queue()


class ModerationPersonViewSet(viewsets.GenericViewSet):
    """Silence, suspend or block a person (staff with MFA). Every call needs a reason."""

    queryset = User.objects.all()
    serializer_class = s.PersonActionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _act(self, request: Request, name: str) -> Response:
        moderator = check_can_moderate(request.user)
        data = s.PersonActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = self.get_object()
        reason = data.validated_data["reason"]
        until = timezone.now() + timedelta(days=data.validated_data["days"])
        if name in ("block", "reinstate"):
            settle = services.user_block if name == "block" else services.user_reinstate
            settle(user=person, by_user=moderator, reason=reason)
        else:
            restrict = services.user_silence if name == "silence" else services.user_suspend
            restrict(user=person, by_user=moderator, until=until, reason=reason)
        return Response(
            {
                "id": person.pk,
                "silenced_until": person.silenced_until,
                "suspended_until": person.suspended_until,
            }
        )

    @extend_schema(request=s.PersonActionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def silence(self, request: Request, pk: str) -> Response:
        return self._act(request, "silence")

    @extend_schema(request=s.PersonActionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str) -> Response:
        return self._act(request, "suspend")

    @extend_schema(request=s.PersonActionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def block(self, request: Request, pk: str) -> Response:
        return self._act(request, "block")

    @extend_schema(request=s.PersonActionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str) -> Response:
        return self._act(request, "reinstate")


class FlaggedQueueView(APIView):
    """Other apps' flagged items (partner messages), most flags first (staff with MFA)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=s.FlaggedItemSerializer(many=True))
    def get(self, request: Request) -> Response:
        check_can_moderate(request.user)
        return Response(s.FlaggedItemSerializer(selectors.flagged_queue(), many=True).data)


class FlaggedDecideView(APIView):
    """Hide a flagged item or dismiss its flags, with a reason the author reads; audited."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.FlaggedDecisionSerializer, responses=s.FlaggedDecidedSerializer)
    def post(self, request: Request, key: str, pk: int) -> Response:
        moderator = check_can_moderate(request.user)
        data = s.FlaggedDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closed = flagged_decide(
            target=selectors.flagged_target(key, pk),
            by_user=moderator,
            decision=data.validated_data["decision"],
            reason=data.validated_data["reason"],
        )
        return Response({"flags_resolved": closed})
