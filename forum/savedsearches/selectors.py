"""Reads of saved searches; every one is scoped to the person who saved them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from forum.savedsearches.models import SavedSearch, SavedSearchResult

RECENT_RESULTS = 5


def savedsearches_for(user: User) -> QuerySet[SavedSearch]:
    """The person's saved searches with their last reported results (two queries in all)."""
    reported = SavedSearchResult.objects.filter(reported_at__isnull=False).order_by(
        "-reported_at", "-id"
    )
    return (
        SavedSearch.objects.filter(user=user)
        .prefetch_related(Prefetch("results", queryset=reported, to_attr="reported"))
        .order_by("name", "id")
    )


def savedsearch_get(user: User, pk: int) -> SavedSearch:
    """One of the person's saved searches; someone else's raises DoesNotExist (a 404)."""
    return SavedSearch.objects.get(pk=pk, user=user)


def savedsearch_result_get(user: User, pk: int) -> SavedSearchResult:
    return SavedSearchResult.objects.select_related("search").get(pk=pk, search__user=user)
