"""The measures of the daily counts: what one day, in one time zone, adds to `DailyCount`.

Each measure is a few grouped queries over one event table, bounded by the day's start and
end in the zone (indexed timestamp columns). Nothing here writes: `services.count_day` calls
`rows_for_day` outside its transaction and stores the result with the day's ledger row.

Two measures are snapshots rather than events, because their history is not kept anywhere:
the eligible pool of each open funding window (daily) and each MSME's appearances in other
organisations' current match lists (weekly, on the day that ends a week, Sunday). They are
taken only for a day that ended recently (within HOME_COUNT_CATCHUP_DAYS), so a backfill of
old days never stamps today's picture on last year.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)

from accounts.models import AuditLog, Organisation, User, Verification
from digests.models import Delivery, DeliveryStatus
from forum.discussions.models import Flag, Post
from matchmaking.models import Introduction, IntroductionStatus, ProfileView
from matchmaking.partnerships.models import Outcome
from matchmaking.runs.models import CurrentRun, Match, MatchRun, RunKind, RunStatus
from programs.models import (
    ExpressionOfInterest,
    FundingWindow,
    NoticeRead,
    NoticeVisitorDay,
    Status,
)
from programs.selectors import eligible_pool

# Measure names: the dashboards and the tests use these, never string literals.
SIGNUPS = "signups"
VERIFIED = "verified_orgs"
VERIFICATION_HOURS = "verification_hours"
INTRODUCTIONS = "introductions"
ANSWER_HOURS = "answer_hours"
FORUM = "forum"
DIGESTS = "digests"
MATCH_RUNS = "match_runs"
MATCH_RUN_SECONDS = "match_run_seconds"
MATCHES_STORED = "matches_stored"
INTERESTS = "interests"
ELIGIBLE_POOL = "eligible_pool"
NOTICE_READERS = "notice_readers"
NOTICE_VISITORS = "notice_visitors"
PROFILE_VIEWS = "profile_views"
APPEARANCES = "match_appearances"
FUNNEL = "introduction_funnel"
OUTCOMES = "outcomes"

FAILED_DELIVERIES = (DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.UNKNOWN)


@dataclass(frozen=True)
class Row:
    measure: str
    value: float
    subject: int = 0
    dimension: str = ""
    key: str = ""


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median of an interval or a number."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def day_bounds(zone: str, day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight of `day` in `zone`, as aware datetimes."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def _between(field: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def signups(start: datetime, end: datetime) -> Iterable[Row]:
    by_country: dict[str, int] = defaultdict(int)
    by_role: dict[str, int] = defaultdict(int)
    rows = (
        User.objects.filter(_between("date_joined", start, end))
        .values_list("organisation__country", "organisation__kind", "is_staff")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for country, kind, is_staff, n in rows:
        by_country[country or "none"] += n
        by_role["admin" if is_staff else (kind or "none")] += n
    yield from (Row(SIGNUPS, n, dimension="country", key=k) for k, n in by_country.items())
    yield from (Row(SIGNUPS, n, dimension="role", key=k) for k, n in by_role.items())


def verifications(start: datetime, end: datetime) -> Iterable[Row]:
    verified = Organisation.objects.filter(
        _between("verified_at", start, end), verification_status=Verification.VERIFIED
    )
    by_country: dict[str, int] = defaultdict(int)
    by_role: dict[str, int] = defaultdict(int)
    for country, kind, n in (
        verified.values_list("country", "kind").annotate(n=Count("pk")).order_by()
    ):
        by_country[country] += n
        by_role[kind] += n
    yield from (Row(VERIFIED, n, dimension="country", key=k) for k, n in by_country.items())
    yield from (Row(VERIFIED, n, dimension="role", key=k) for k, n in by_role.items())
    median = verified.aggregate(
        m=Median(ExpressionWrapper(F("verified_at") - F("created_at"), DurationField()))
    )["m"]
    if median is not None:
        yield Row(VERIFICATION_HOURS, _hours(median) or 0.0)


def introductions(start: datetime, end: datetime) -> Iterable[Row]:
    answered = Q(status__in=[IntroductionStatus.ACCEPTED, IntroductionStatus.DECLINED])
    responded = _between("responded_at", start, end)
    row = Introduction.objects.filter(
        _between("created_at", start, end)
        | responded
        | Q(_between("expires_at", start, end), status=IntroductionStatus.EXPIRED)
    ).aggregate(
        requested=Count("pk", filter=_between("created_at", start, end)),
        accepted=Count("pk", filter=responded & Q(status=IntroductionStatus.ACCEPTED)),
        declined=Count("pk", filter=responded & Q(status=IntroductionStatus.DECLINED)),
        expired=Count(
            "pk",
            filter=Q(_between("expires_at", start, end), status=IntroductionStatus.EXPIRED),
        ),
        median=Median(
            ExpressionWrapper(F("responded_at") - F("created_at"), DurationField()),
            filter=responded & answered,
        ),
    )
    for key in ("requested", "accepted", "declined", "expired"):
        if row[key]:
            yield Row(INTRODUCTIONS, row[key], dimension="status", key=key)
    if row["median"] is not None:
        yield Row(ANSWER_HOURS, _hours(row["median"]) or 0.0)


def funnel(start: datetime, end: datetime) -> Iterable[Row]:
    """Per MSME: requests it sent and received that day, and what became of those it sent."""
    created = Introduction.objects.filter(_between("created_at", start, end))
    for org_id, n in created.values_list("from_organisation_id").annotate(n=Count("pk")).order_by():
        yield Row(FUNNEL, n, subject=org_id, dimension="stage", key="sent")
    for org_id, n in created.values_list("to_organisation_id").annotate(n=Count("pk")).order_by():
        yield Row(FUNNEL, n, subject=org_id, dimension="stage", key="received")
    outcomes = Introduction.objects.filter(
        Q(
            _between("responded_at", start, end),
            status__in=[IntroductionStatus.ACCEPTED, IntroductionStatus.DECLINED],
        )
        | Q(_between("expires_at", start, end), status=IntroductionStatus.EXPIRED)
    )
    for org_id, status, n in (
        outcomes.values_list("from_organisation_id", "status").annotate(n=Count("pk")).order_by()
    ):
        yield Row(FUNNEL, n, subject=org_id, dimension="stage", key=status)


def forum_activity(start: datetime, end: datetime) -> Iterable[Row]:
    counts = {
        "posts": Post.objects.filter(_between("created_at", start, end)).count(),
        "flags": Flag.objects.filter(_between("created_at", start, end)).count(),
        "actions": AuditLog.objects.filter(
            _between("created_at", start, end), action__startswith="forum."
        ).count(),
    }
    yield from (Row(FORUM, n, dimension="kind", key=k) for k, n in counts.items() if n)


def digests(start: datetime, end: datetime) -> Iterable[Row]:
    totals: dict[str, int] = defaultdict(int)
    for status, n in (
        Delivery.objects.filter(_between("finished_at", start, end))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if status in (DeliveryStatus.SENT, DeliveryStatus.SKIPPED):
            totals[status] += n
        elif status in FAILED_DELIVERIES:
            totals["failed"] += n
    yield from (Row(DIGESTS, n, dimension="status", key=k) for k, n in totals.items())


def outcomes(start: datetime, end: datetime) -> Iterable[Row]:
    """Outcomes by kind, on the day each was recorded. A side that corrects its outcome moves
    `recorded_at`, so the correction counts on its own day (days already counted stay)."""
    for kind, n in (
        Outcome.objects.filter(_between("recorded_at", start, end))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(OUTCOMES, n, dimension="kind", key=kind)


def match_runs(start: datetime, end: datetime) -> Iterable[Row]:
    finished = MatchRun.objects.filter(_between("finished_at", start, end))
    for status, n in finished.values_list("status").annotate(n=Count("pk")).order_by():
        yield Row(MATCH_RUNS, n, dimension="status", key=status)
    full = finished.filter(kind=RunKind.FULL, status=RunStatus.COMPLETE).aggregate(
        seconds=Avg(ExpressionWrapper(F("finished_at") - F("started_at"), DurationField())),
        stored=Sum("matches_stored"),
    )
    if full["seconds"] is not None:
        yield Row(MATCH_RUN_SECONDS, round(full["seconds"].total_seconds(), 1))
    if full["stored"]:
        yield Row(MATCHES_STORED, full["stored"])


def interests(start: datetime, end: datetime) -> Iterable[Row]:
    """Per window: expressions of interest received that day, by their status when counted."""
    for window_id, status, n in (
        ExpressionOfInterest.objects.filter(_between("created_at", start, end))
        .values_list("window_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(INTERESTS, n, subject=window_id, dimension="status", key=status)


def notice_readers(start: datetime, end: datetime) -> Iterable[Row]:
    """Per notice: new readers that day by country, role and language."""
    totals: dict[tuple[int, str, str], int] = defaultdict(int)
    for notice_id, country, role, language, n in (
        NoticeRead.objects.filter(_between("read_at", start, end))
        .values_list("notice_id", "country", "role", "language")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        totals[(notice_id, "country", country or "none")] += n
        totals[(notice_id, "role", role or "none")] += n
        totals[(notice_id, "language", language or "none")] += n
    for (notice_id, dimension, key), n in totals.items():
        yield Row(NOTICE_READERS, n, subject=notice_id, dimension=dimension, key=key)


def notice_visitors(start: datetime, end: datetime) -> Iterable[Row]:
    """Per notice: visitors not signed in that day. Their counters are kept per counting zone
    and day as the visits happen (`programs.services.notice_visit_record`), and a day is
    counted only after it ended, when its counter no longer moves: copying it is idempotent."""
    zone = getattr(start.tzinfo, "key", "")  # day_bounds gives the zone's own midnight
    for notice_id, n in NoticeVisitorDay.objects.filter(
        zone=zone, day=start.date(), visitors__gt=0
    ).values_list("notice_id", "visitors"):
        yield Row(NOTICE_VISITORS, n, subject=notice_id)


def profile_views(start: datetime, end: datetime) -> Iterable[Row]:
    """Per MSME organisation: views of its profile that day by the viewer's country."""
    for org_id, country, n in (
        ProfileView.objects.filter(_between("viewed_at", start, end))
        .values_list("profile__organisation_id", "viewer_country")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(PROFILE_VIEWS, n, subject=org_id, dimension="country", key=country or "none")


def eligible_pools(start: datetime, end: datetime) -> Iterable[Row]:
    """Snapshot: each window open at the end of the day, its eligible pool by criterion."""
    windows = FundingWindow.objects.filter(
        status=Status.PUBLISHED, opens_at__lt=end, closes_at__gt=end
    ).prefetch_related("sectors")
    for window in windows:
        pool = eligible_pool(window, year=start.year)
        yield Row(ELIGIBLE_POOL, pool.total, subject=window.pk, dimension="pool", key="total")
        yield Row(ELIGIBLE_POOL, pool.eligible, subject=window.pk, dimension="pool", key="eligible")
        for criterion, n in pool.excluded.items():
            yield Row(ELIGIBLE_POOL, n, subject=window.pk, dimension="excluded", key=criterion)


def appearances(start: datetime, end: datetime) -> Iterable[Row]:
    """Snapshot, weekly: in how many other profiles' current match lists each MSME stands."""
    if start.weekday() != 6:
        return
    run_id = CurrentRun.objects.filter(pk=1).values_list("run_id", flat=True).first()
    if run_id is None:
        return
    for org_id, n in (
        Match.objects.filter(run_id=run_id)
        .values_list("partner__organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        yield Row(APPEARANCES, n, subject=org_id)


EVENT_MEASURES: tuple[Callable[[datetime, datetime], Iterable[Row]], ...] = (
    signups,
    verifications,
    introductions,
    funnel,
    forum_activity,
    digests,
    match_runs,
    outcomes,
    interests,
    notice_readers,
    notice_visitors,
    profile_views,
)
SNAPSHOT_MEASURES: tuple[Callable[[datetime, datetime], Iterable[Row]], ...] = (
    eligible_pools,
    appearances,
)


def rows_for_day(zone: str, day: date, *, now: datetime) -> list[Row]:
    """Every row of `day` in `zone` (snapshots only for a recently ended day)."""
    start, end = day_bounds(zone, day)
    measures = list(EVENT_MEASURES)
    if now - end <= timedelta(days=settings.HOME_COUNT_CATCHUP_DAYS):
        measures += SNAPSHOT_MEASURES
    rows: list[Row] = []
    for measure in measures:
        rows.extend(row for row in measure(start, end) if row.value is not None)
    return rows
