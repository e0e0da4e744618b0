"""The request type of views that only signed-in people reach, and the user of such API calls.

`login_required` (and `organisation_required`, which wraps it) guarantee at run time that
`request.user` is a `User`, never an `AnonymousUser`; annotating such a view's `request` as
`AuthenticatedHttpRequest` tells the type checker the same (the django-stubs recipe).
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An `HttpRequest` whose user is signed in: only for views behind `login_required`."""

    user: User


def api_user(request: Request) -> User:
    """The user of an API request that the view's permission class lets in only signed in:
    `IsAuthenticated`, the default `IsAuthenticatedOrReadOnly` on a write (POST, PATCH, PUT,
    DELETE), or a stricter one (`IsModerator`). Call it only there; reads that anonymous
    visitors may make use `request.user`.
    """
    # DRF runs the permission checks in `initial()`, before any handler, so an AnonymousUser
    # never reaches this line: the cast states that guarantee for the type checker.
    return cast(User, request.user)
