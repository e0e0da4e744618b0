"""Root URLconf. Each app owns its HTML routes (`<app>/urls.py`) and API routes (`<app>/api.py`)."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from forum import views
from forum.api.root import ApiRootView
from forum.home import views as home_views
from forum.ops import metrics as ops_metrics

api_v1: list[URLPattern | URLResolver] = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("taxonomy.api")),
    path("", include("accounts.api")),
    path("", include("accounts.notifications.api")),
    path("", include("programs.api")),
    path("", include("digests.api")),
    path("", include("matchmaking.api")),
    path("", include("matchmaking.runs.api")),
    path("", include("matchmaking.partnerships.api")),
    path("forum/", include("forum.discussions.api")),
]

urlpatterns = [
    path("", home_views.home, name="home"),
    path("dashboard/", include("forum.home.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    path("metrics", ops_metrics.metrics, name="metrics"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("notifications/", include("accounts.notifications.urls")),
    path("saved-searches/", include("forum.savedsearches.urls")),
    path("orgs/", include("accounts.org_urls")),
    path("programs/", include("programs.urls")),
    path("digests/", include("digests.urls")),
    path("partners/runs/", include("matchmaking.runs.urls")),
    path("partners/", include("matchmaking.partnerships.urls")),
    path("partners/", include("matchmaking.urls")),
    path("forum/", include("forum.discussions.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "forum.views.bad_request"
handler403 = "forum.views.permission_denied"
handler404 = "forum.views.page_not_found"
handler500 = "forum.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
