"""Bits the matchmaking views share."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from forum.api.pagination import CountedPaginator

PAGE_SIZE = 20


def paginate(
    request: HttpRequest, items, per_page: int = PAGE_SIZE, *, count: int | None = None
) -> Page:
    """A page of `items`; `count`, when known, spares the COUNT(*) over all of them."""
    if count is None:
        return Paginator(items, per_page).get_page(request.GET.get("page"))
    return CountedPaginator(items, per_page, count=count).get_page(request.GET.get("page"))


def error_messages(error: ValidationError) -> Iterable[str]:
    if hasattr(error, "message_dict"):
        for messages in error.message_dict.values():
            yield from messages
    else:
        yield from error.messages


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
