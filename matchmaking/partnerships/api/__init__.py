"""REST API of partnerships, mounted at /api/v1/: conversations, messages, attachments,
meetings, the calendar feed, deal-room documents and NDA acceptance, outcomes."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from matchmaking.partnerships.api.views import (
    AttachmentDownload,
    CalendarFeedView,
    ConversationViewSet,
    DocumentViewSet,
    MeetingViewSet,
    MessageViewSet,
    OutcomeViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("messages", MessageViewSet, basename="partner-message")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("deal-room", DocumentViewSet, basename="document")
router.register("outcomes", OutcomeViewSet, basename="outcome")

urlpatterns = [
    path(
        "attachments/<str:token>/",
        AttachmentDownload.as_view(),
        name="partnerships-api-attachment",
    ),
    path("calendar-feed/", CalendarFeedView.as_view(), name="partnerships-api-calendar-feed"),
    *router.urls,
]
