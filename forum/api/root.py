"""`GET /api/v1/`: every resource of the API, found in the URLconf rather than listed by hand.

Each app registers its own router without a root view; this one walks the resolved routes, so a
resource added next month appears here without anyone remembering to add it.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

API_PREFIX = "api/v1/"


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), pattern.name


def api_resources() -> dict[str, str]:
    """Resource name → path, for list routes and parameterless endpoints under /api/v1/."""
    found: dict[str, str] = {}
    for route, name in _routes(get_resolver().url_patterns):
        if not route.startswith(API_PREFIX) or name == "api-root" or "format" in route:
            continue
        if "<" in route or "(?P<" in route:
            continue  # detail routes need an id
        key = name.removesuffix("-list")
        found.setdefault(key, reverse(name))
    return dict(sorted(found.items()))


class ApiRootView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {name: request.build_absolute_uri(path) for name, path in api_resources().items()}
        )
