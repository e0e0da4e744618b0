"""Site-wide pages: the language switch and the health checks (the home page is forum.home)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views import i18n as i18n_views

from forum.api.errors import error_response, is_api_request
from forum.celery import app
from forum.ops.health import beat_state
from forum.ops.queues import queue_lengths


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for signed-in people the choice is remembered on the account."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:
        return False, type(exc).__name__


def _broker_ok() -> tuple[bool, str]:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel.client.ping()
        return True, "ok"
    except Exception as exc:
        return False, type(exc).__name__


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer and beat has ticked within twice its
    interval; 503 otherwise. Also each queue's length, for the operator reading it."""
    db_ok, db_state = _database_ok()
    broker_ok, broker_state = _broker_ok()
    body: dict = {"database": db_state, "broker": broker_state}
    beat_ok = False
    if db_ok:
        beat = beat_state()
        beat_ok = beat.ok
        body["beat"] = beat.as_dict()
    else:
        body["beat"] = {"status": "unknown"}
    if broker_ok:
        try:
            body["queues"] = queue_lengths(app)
        except Exception as exc:
            body["queues"] = {"error": type(exc).__name__}
    healthy = db_ok and broker_ok and beat_ok
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **body}, status=200 if healthy else 503
    )


def healthz_live(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers. Touches no database, cache or broker."""
    return HttpResponse("ok\n", content_type="text/plain")


# Django's own error pages are HTML; an API client gets the API's error format instead (for
# errors raised outside DRF: an oversized body, a bad Host, a route that does not exist).
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(400, "bad_request", _("The request could not be read."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(403, "permission_denied", str(exception) or _("Not allowed."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return error_response(500, "server_error", _("Something went wrong on our side."))
    return defaults.server_error(request)
