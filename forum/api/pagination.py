"""One pagination shape for every API list: `count`, `next`, `previous`, `results`."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class CountedPaginator(Paginator):
    """A paginator told the number of items (from a cache) instead of running COUNT(*), which
    at 100,000 profiles costs more than the page itself."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class PortalPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_counted(self, queryset: Any, request: Any, view: Any, *, count: int) -> Any:
        """`paginate_queryset` when the number of items is already known: no COUNT(*)."""

        class Counted(CountedPaginator):
            def __init__(self, object_list: Any, per_page: int, *args: Any, **kwargs: Any) -> None:
                super().__init__(object_list, per_page, count=count)

        self.django_paginator_class = Counted
        return self.paginate_queryset(queryset, request, view)
