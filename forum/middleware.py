"""Refuse malformed input before any view sees it: one place for every filter and form.

PostgreSQL cannot store or compare a NUL character ("A string literal cannot contain NUL"), so
a `%00` in any query parameter or form field would turn into a 500 in whichever list or search
received it. Oversized JSON bodies are refused with 413 before they are read. API paths answer
in the API's error format (`forum.api.errors`), pages with the 400 page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

from forum.api.errors import error_response, is_api_request


def _has_nul(params: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = is_api_request(request)
        if api and request.content_type == "application/json":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_JSON_BYTES:
                return error_response(
                    413,
                    "too_large",
                    _("The JSON body is larger than %(limit)s bytes.")
                    % {"limit": settings.API_MAX_JSON_BYTES},
                )
        try:
            has_nul = _has_nul(request.GET) or self._form_has_nul(request)
        except MultiPartParserError:
            detail = _("The multipart body could not be read.")
            if api:
                return error_response(400, "invalid", detail)
            return bad_request(request, ValueError(detail))
        if "\x00" in request.path or has_nul:
            detail = _("NUL characters are not allowed in the address, parameters or fields.")
            if api:
                return error_response(400, "invalid", detail)
            return bad_request(request, ValueError(detail))
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request: HttpRequest) -> bool:
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        if request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return False  # JSON bodies: DRF's CharField already refuses NUL per field
        return _has_nul(request.POST)
