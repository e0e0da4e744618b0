"""JSON parsing that answers 400 for what Python's json module cannot take.

50,000 nested brackets make `json.loads` raise RecursionError (not ValueError), which DRF does
not catch; structures deeper than any request of this API needs are refused before a serializer
walks them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


class PortalJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON nested too deeply.")) from exc
        if _depth(data) > settings.API_MAX_JSON_DEPTH:
            raise ParseError(
                _("JSON nested deeper than %(depth)s levels.")
                % {"depth": settings.API_MAX_JSON_DEPTH}
            )
        return data
