"""Reads: preferences, runs with their counts, and everything one batch needs, in bulk."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet

from digests.models import Delivery, DeliveryStatus, DigestPreference, DigestRun


def runs_with_counts() -> QuerySet[DigestRun]:
    """Runs newest first, each with sent / skipped / failed counts in the same query."""
    failed = [DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.UNKNOWN]
    return DigestRun.objects.annotate(
        n_sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        n_skipped=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SKIPPED)),
        n_failed=Count("deliveries", filter=Q(deliveries__status__in=failed)),
        n_open=Count(
            "deliveries",
            filter=Q(
                deliveries__status__in=[
                    DeliveryStatus.PENDING,
                    DeliveryStatus.SENDING,
                    DeliveryStatus.RETRY,
                ]
            ),
        ),
    ).order_by("-started_at", "-pk")


def run_deliveries(run: DigestRun) -> QuerySet[Delivery]:
    return run.deliveries.select_related("user").order_by("status", "user__email")


def batch_deliveries(delivery_ids: list[int]) -> list[Delivery]:
    """The batch's still-open rows with person, organisation, profile and preference joined."""
    return list(
        Delivery.objects.filter(
            pk__in=delivery_ids, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
        )
        .select_related(
            "user__organisation",
            "user__digest_preference",
            "user__organisation__partner_profile",
        )
        .order_by("user_id")
    )


def previous_window_ends(user_ids: list[int], *, since: date) -> dict[int, datetime]:
    """{user id: end of the window their previous digest covered} — sent or skipped, for
    periods from `since` on (the look-back is bounded, and so is each person's share of the
    unique (user, kind, period) index this reads)."""
    return dict(
        Delivery.objects.filter(
            user_id__in=user_ids,
            period__gte=since,
            status__in=[DeliveryStatus.SENT, DeliveryStatus.SKIPPED],
        )
        .values("user_id")
        .annotate(end=Max("window_end"))
        .values_list("user_id", "end")
    )


def had_digest(user_ids: list[int]) -> set[int]:
    """Which of these people have ever had a digest sent or skipped."""
    return set(
        Delivery.objects.filter(
            user_id__in=user_ids, status__in=[DeliveryStatus.SENT, DeliveryStatus.SKIPPED]
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def preference_sector_ids(preference_ids: list[int]) -> dict[int, frozenset[int]]:
    through = DigestPreference.sectors.through
    found: dict[int, set[int]] = defaultdict(set)
    for preference_id, sector_id in through.objects.filter(
        digestpreference_id__in=preference_ids
    ).values_list("digestpreference_id", "sector_id"):
        found[preference_id].add(sector_id)
    return {key: frozenset(value) for key, value in found.items()}
