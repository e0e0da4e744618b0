"""Per-request facts about the signed-in person: language, time zone, second factor.

A signed-in person's saved language wins over the cookie and Accept-Language (LocaleMiddleware
runs before this and handles visitors); their time zone is activated for every request. Whether
this session passed MFA is read from allauth's authentication records, so staff powers follow
the session rather than the account (see `accounts.permissions.acts_as_staff`).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.second_factor_passed = session_passed_mfa(request, user)
            if user.language and user.language != translation.get_language():
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Content-Language", user.language)
            # A signed-in page may carry contact details or tokens: no shared or back-button
            # cache may keep it (downloads set their own headers and keep them).
            if "Cache-Control" not in response.headers:
                add_never_cache_headers(response)
        return response


def session_passed_mfa(request: HttpRequest, user) -> bool:
    """True when allauth recorded an "mfa" step for this person in this session."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )
