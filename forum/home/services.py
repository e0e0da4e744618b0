"""Writes of the home app: counting days into `DailyCount`, and remembering home visits.

Counting a day is exactly once: the day's `CountDay` row is claimed with a conditional UPDATE
(pending → running, or a running claim older than HOME_COUNT_STALE_SECONDS, which a crashed
worker left), the counts are computed outside any lock, and the rows are inserted in the same
transaction that marks the day done — and only if the claim is still ours. A crash anywhere
before that commit leaves no rows and a claim that goes stale; the unique constraint on
`DailyCount` stops a second set of rows for a day whatever happens.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from forum.home.counting import Row, rows_for_day
from forum.home.models import CountDay, CountDayStatus, DailyCount, HomeVisit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CountResult:
    zone: str
    day: date
    counted: bool
    rows: int = 0


def ended_days(zone: str, *, now: datetime, days: int) -> list[date]:
    """The last `days` days of `zone` that have ended by `now`, oldest first."""
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    return [today - timedelta(days=n) for n in range(days, 0, -1)]


def count_day_claim(*, zone: str, day: date, now: datetime) -> datetime | None:
    """Claim `day` for counting; the claim's timestamp, or None when it is done or taken."""
    CountDay.objects.bulk_create([CountDay(zone=zone, day=day)], ignore_conflicts=True)
    stale = now - timedelta(seconds=settings.HOME_COUNT_STALE_SECONDS)
    claimed = (
        CountDay.objects.filter(zone=zone, day=day)
        .filter(
            Q(status=CountDayStatus.PENDING)
            | Q(status=CountDayStatus.RUNNING, claimed_at__lt=stale)
        )
        .update(status=CountDayStatus.RUNNING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return now if claimed == 1 else None


def count_day_store(*, zone: str, day: date, claimed_at: datetime, rows: Sequence[Row]) -> bool:
    """Insert the day's rows and mark it done, if the claim is still ours (else nothing)."""
    with transaction.atomic():
        finished = CountDay.objects.filter(
            zone=zone, day=day, status=CountDayStatus.RUNNING, claimed_at=claimed_at
        ).update(status=CountDayStatus.DONE, finished_at=timezone.now(), rows=len(rows))
        if finished != 1:
            return False
        DailyCount.objects.bulk_create(
            [
                DailyCount(
                    zone=zone,
                    day=day,
                    measure=row.measure,
                    subject=row.subject,
                    dimension=row.dimension,
                    key=row.key,
                    value=row.value,
                )
                for row in rows
            ],
            batch_size=5000,
        )
    return True


def count_day(*, zone: str, day: date, now: datetime | None = None) -> CountResult:
    """Count one day of one zone exactly once (see the module docstring)."""
    now = now or timezone.now()
    claimed_at = count_day_claim(zone=zone, day=day, now=now)
    if claimed_at is None:
        return CountResult(zone, day, counted=False)
    rows = rows_for_day(zone, day, now=now)
    if not count_day_store(zone=zone, day=day, claimed_at=claimed_at, rows=rows):
        log.warning("home: claim on %s %s was taken over; its counts were dropped", zone, day)
        return CountResult(zone, day, counted=False)
    return CountResult(zone, day, counted=True, rows=len(rows))


def daily_counts_run(
    *, days: int | None = None, zones: Iterable[str] | None = None, now: datetime | None = None
) -> list[CountResult]:
    """Count every ended day of the last `days` (HOME_COUNT_CATCHUP_DAYS) not counted yet,
    oldest first, so a run that stopped half-way resumes where it stopped."""
    now = now or timezone.now()
    days = days or settings.HOME_COUNT_CATCHUP_DAYS
    results: list[CountResult] = []
    for zone in zones or settings.HOME_COUNT_ZONES:
        candidates = ended_days(zone, now=now, days=days)
        done = set(
            CountDay.objects.filter(
                zone=zone, day__in=candidates, status=CountDayStatus.DONE
            ).values_list("day", flat=True)
        )
        for day in candidates:
            if day not in done:
                results.append(count_day(zone=zone, day=day, now=now))
    return results


# ---------------------------------------------------------------- home visits


@dataclass(frozen=True)
class VisitState:
    """What the home page compares against: the matches of the previous visit."""

    known_partner_ids: frozenset[int]


def home_visit_touch(
    *, user, partner_ids: Sequence[int], now: datetime | None = None
) -> VisitState:
    """Record a home page view; returns the previous visit's state to compare with.

    A view within HOME_VISIT_GAP_MINUTES of the last one continues the visit (matches seen
    in it stay "new" until the visit ends); a later view starts a new visit, and what the
    last one saw becomes the baseline. Writes only when something changed or a minute passed.
    """
    now = now or timezone.now()
    gap = timedelta(minutes=settings.HOME_VISIT_GAP_MINUTES)
    visit = HomeVisit.objects.filter(user=user).first()
    ids = sorted(set(partner_ids))
    if visit is None:
        HomeVisit.objects.bulk_create(
            [HomeVisit(user=user, started_at=now, last_seen_at=now, seen_partner_ids=ids)],
            ignore_conflicts=True,
        )
        return VisitState(known_partner_ids=frozenset())
    if now - visit.last_seen_at > gap:
        visit.previous_seen_at = visit.last_seen_at
        visit.previous_partner_ids = visit.seen_partner_ids
        visit.started_at = now
        visit.seen_partner_ids = ids
        visit.last_seen_at = now
        visit.save()
    else:
        seen = sorted(set(visit.seen_partner_ids) | set(ids))
        if seen != visit.seen_partner_ids or now - visit.last_seen_at > timedelta(minutes=1):
            HomeVisit.objects.filter(pk=visit.pk).update(seen_partner_ids=seen, last_seen_at=now)
    return VisitState(known_partner_ids=frozenset(visit.previous_partner_ids))
