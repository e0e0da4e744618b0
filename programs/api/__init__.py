"""API routes of the programs app, included at /api/v1/."""

from __future__ import annotations

from forum.api.routers import PortalRouter
from programs.api import views

router = PortalRouter(trailing_slash=True)
router.include_root_view = False
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("funding-windows", views.WindowViewSet, basename="funding-window")
router.register("interests", views.InterestViewSet, basename="funding-interest")
router.register("programs", views.ProgrammeViewSet, basename="programme")
router.register("program-sessions", views.SessionViewSet, basename="programme-session")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")

urlpatterns = router.urls
