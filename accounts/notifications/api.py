"""`/api/v1/notifications/`: the signed-in person's notifications, unread count, mark read.

Errors use the project's format (forum.api.errors); another person's notification is a 404.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from accounts.notifications import selectors, services
from accounts.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="The sentence in the reader's language.")
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "params", "text", "url", "is_read", "created_at", "read_at"]
        read_only_fields = fields


class NotificationList(generics.ListAPIView):
    """The signed-in person's notifications, newest first; `?unread=1` for unread only."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only unread notifications.")]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no person
            return Notification.objects.none()
        unread = str(self.request.query_params.get("unread", "")).lower() in ("1", "true")
        return selectors.notifications_for(api_user(self.request), unread_only=unread)


class UnreadCount(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(api_user(request))})


class MarkRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            notification = services.notification_mark_read(
                notification_id=pk, user=api_user(request)
            )
        except Notification.DoesNotExist as exc:
            raise NotFound(_("No such notification.")) from exc
        return Response(NotificationSerializer(notification).data)


class MarkAllRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            status.HTTP_200_OK: inline_serializer(
                "MarkAllRead", {"marked": serializers.IntegerField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(user=api_user(request))})


urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="api-notifications"),
    path("notifications/unread-count/", UnreadCount.as_view(), name="api-notifications-unread"),
    path("notifications/read-all/", MarkAllRead.as_view(), name="api-notifications-read-all"),
    path("notifications/<int:pk>/read/", MarkRead.as_view(), name="api-notification-read"),
]
