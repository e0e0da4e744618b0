"""Routes of the forum API, mounted at /api/v1/forum/."""

from __future__ import annotations

from django.urls import path

from forum.api.routers import PortalRouter
from forum.discussions.api.views import (
    BoardViewSet,
    FlaggedDecideView,
    FlaggedQueueView,
    FlagViewSet,
    ModerationPersonViewSet,
    ModerationQueueViewSet,
    PostViewSet,
    ThreadViewSet,
)

router = PortalRouter()
router.include_root_view = False
router.register("boards", BoardViewSet, basename="forum-board")
router.register("threads", ThreadViewSet, basename="forum-thread")
router.register("posts", PostViewSet, basename="forum-post")
router.register("flags", FlagViewSet, basename="forum-flag")
router.register("moderation/queue", ModerationQueueViewSet, basename="forum-moderation-queue")
router.register("moderation/people", ModerationPersonViewSet, basename="forum-moderation-person")

urlpatterns = [
    path("moderation/flagged/", FlaggedQueueView.as_view(), name="forum-moderation-flagged"),
    path(
        "moderation/flagged/<str:key>/<int:pk>/",
        FlaggedDecideView.as_view(),
        name="forum-moderation-flagged-decide",
    ),
    *router.urls,
]
