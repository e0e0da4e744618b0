"""REST API of matchmaking, mounted at /api/v1/: profiles, matches, introductions."""

from __future__ import annotations

from forum.api.routers import PortalRouter
from matchmaking.api.views import (
    IntroductionViewSet,
    MatchViewSet,
    ProfileViewSet,
    ShortlistViewSet,
)

router = PortalRouter()
router.include_root_view = False
router.register("profiles", ProfileViewSet, basename="profile")
router.register("matches", MatchViewSet, basename="match")
router.register("introductions", IntroductionViewSet, basename="introduction")
router.register("shortlist", ShortlistViewSet, basename="shortlist")

urlpatterns = router.urls
