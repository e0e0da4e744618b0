"""The API's router: integer primary keys only match digits, so `/threads/abc/` is a 404.

DRF's default lookup (`[^/.]+`) hands any string to `queryset.get(pk=...)`, which raises
ValueError (a 500) for non-numeric ids, custom actions included. `[0-9]+`, not `\\d+`: Python's
`\\d` also matches "²" and other Unicode digits that `int()` refuses.
"""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

INTEGER_LOOKUP = "[0-9]+"


class PortalRouter(DefaultRouter):
    def get_lookup_regex(self, viewset, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and not getattr(viewset, "lookup_value_regex", None):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{INTEGER_LOOKUP})"
        return super().get_lookup_regex(viewset, lookup_prefix)


def parse_id(raw: str | None) -> int | None:
    """An id from a query parameter: ASCII digits within PostgreSQL's bigint, else None."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)
