"""Directory cards, rendered once per profile and language and then served from the cache.

A card shows only the profile, its organisation and its taxonomy terms, the same for every
reader of one language (who may see the profile at all is the directory query's business, and
the viewer's own state, "on your shortlist", is added outside the card). Building one costs a
model instance, seven prefetched relations and a template; at 100,000 profiles that was most
of the directory's time. Cards are keyed by the directory's version (every profile write
bumps it, as for the facet counts) and the profile's `updated_at`, and live as long as the
facet counts (`DIRECTORY_FACETS_CACHE_SECONDS`); the organisation's `updated_at` is in the
key too (its name, region, class and verified badge are on the card), so an edit through the
services shows at once and one that bypasses them shows after that timeout at the latest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from forum.cache import cached_many
from matchmaking import selectors
from matchmaking.models import PartnerProfile


@dataclass(frozen=True)
class Card:
    pk: int
    html: SafeString


def profile_cards(rows: list[tuple[int, datetime, datetime]]) -> list[Card]:
    """The cards of `rows` (values of `selectors.LISTING_KEY_FIELDS`, in page order); the
    missing ones are rendered in a fixed number of queries, whatever the page size."""
    keys = selectors.listing_cache_keys("card", rows, get_language())

    def render(missing: list[int]) -> dict[int, str]:
        profiles = PartnerProfile.objects.filter(pk__in=missing)
        return {
            profile.pk: render_to_string("matchmaking/_profile_card.html", {"profile": profile})
            for profile in selectors.with_listing_data(profiles)
        }

    found = cached_many(keys, render, timeout=settings.DIRECTORY_FACETS_CACHE_SECONDS)
    # A profile deleted between the two reads has no card; the page simply shows one fewer.
    return [Card(pk, mark_safe(found[pk])) for pk, *_ in rows if pk in found]
