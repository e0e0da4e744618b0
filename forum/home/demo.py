"""Demo data of the home pages and dashboards. Idempotent: a second run adds nothing.

1. A month of real activity for the demo accounts (profile views, introductions, expressions
   of interest, notice readers and visitors, a booked session, followed threads), dated over the last 30
   days, then counted by the real counting path (`daily_counts_run`).
2. Sample history for the eleven months before that — which the demo's events do not go back
   to — so the charts show a year: deterministic (seeded) numbers with a slow rise and quieter
   weekends, written as counted days marked `is_sample` (the dashboards say where it ends).
"""

from __future__ import annotations

import random
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from forum.discussions.models import Subscription, Thread
from forum.discussions.services import subscription_create
from forum.home import counting as m
from forum.home.models import CountDay, CountDayStatus, DailyCount
from forum.home.services import daily_counts_run
from matchmaking.models import (
    Introduction,
    IntroductionStatus,
    PartnerProfile,
    PartnershipType,
    ProfileView,
)
from programs.models import (
    Enrolment,
    ExpressionOfInterest,
    FundingWindow,
    NoticeRead,
    NoticeVisitorDay,
    PolicyNotice,
    TrainingSession,
)
from programs.services import enrolment_enrol

REAL_DAYS = 30
HISTORY_DAYS = 365
MSME_EMAILS = ("msme.india@demo.ijsme.example", "sme.japan@demo.ijsme.example")
REGULATOR_EMAIL = "regulator@demo.ijsme.example"
FINANCIER_EMAIL = "financier@demo.ijsme.example"


def seed(stdout=None) -> None:
    now = timezone.now()
    with transaction.atomic():
        _activity(now)
    written = _sample_history(now)
    results = daily_counts_run(days=REAL_DAYS, now=now)
    if stdout is not None:
        counted = sum(1 for r in results if r.counted)
        stdout.write(
            f"home: counted {counted} day(s) of demo activity; {written} sample day(s) of history"
        )


# ---------------------------------------------------------------- real activity


def _at(now: datetime, rng: random.Random, days_ago: int) -> datetime:
    return now - timedelta(days=days_ago, hours=rng.randint(0, 10), minutes=rng.randint(0, 59))


def _activity(now: datetime) -> None:

    users = {u.email: u for u in User.objects.filter(email__in=[*MSME_EMAILS, REGULATOR_EMAIL])}
    profiles = list(
        PartnerProfile.objects.filter(organisation__members__email__in=MSME_EMAILS).distinct()
    )
    if not profiles or ProfileView.objects.filter(profile__in=profiles).exists():
        return
    rng = random.Random(13)
    samples = list(
        Organisation.objects.filter(is_sample=True, kind="msme", partner_profile__isnull=False)
        .exclude(pk__in=[p.organisation_id for p in profiles])
        .order_by("pk")
    )
    views = []
    for profile in profiles:
        for days_ago in range(REAL_DAYS):
            for _ in range(rng.randint(1, 6)):
                views.append(
                    ProfileView(
                        profile=profile,
                        viewer_country=rng.choice(["JP", "JP", "IN", ""]),
                        viewed_at=_at(now, rng, days_ago),
                    )
                )
    ProfileView.objects.bulk_create(views)
    _introductions(now, rng, profiles, samples)
    _interests(now, rng, samples)
    _readers(now, rng, list(users.values()))
    _visitors(now, rng)
    _member_activity(now, users)


def _introductions(now, rng, profiles, samples) -> None:

    types = list(PartnershipType.objects.order_by("position", "pk")[:3])
    if not types or not samples:
        return
    used: set[tuple[int, int]] = set()
    for profile in profiles:
        own = profile.organisation
        partners = [o for o in samples if o.country != own.country] or samples
        for n, other in enumerate(partners[:8]):
            pair = (min(own.pk, other.pk), max(own.pk, other.pk))
            if pair in used:
                continue
            used.add(pair)
            sent_by_us = n % 3 != 1
            created = _at(now, rng, rng.randint(1, REAL_DAYS - 1))
            status = [
                IntroductionStatus.PENDING,
                IntroductionStatus.ACCEPTED,
                IntroductionStatus.DECLINED,
                IntroductionStatus.ACCEPTED,
            ][n % 4]
            answered = status != IntroductionStatus.PENDING
            responded = created + timedelta(hours=rng.randint(3, 70)) if answered else None
            Introduction.objects.create(
                from_organisation=own if sent_by_us else other,
                to_organisation=other if sent_by_us else own,
                partnership_type=types[n % len(types)],
                message="Sample request from the demo data.",
                status=status,
                created_at=created if answered else now - timedelta(days=rng.randint(1, 6)),
                expires_at=(created if answered else now) + timedelta(days=14 - (n % 5)),
                responded_at=min(responded, now) if responded else None,
            )


def _interests(now, rng, samples) -> None:

    windows = list(
        FundingWindow.objects.filter(
            organisation__members__email=FINANCIER_EMAIL, status="published"
        ).distinct()
    )
    for window in windows:
        for n, org in enumerate(samples[: rng.randint(4, 9)]):
            interest, created = ExpressionOfInterest.objects.get_or_create(
                window=window,
                organisation=org,
                defaults={"status": ["sent", "sent", "contacted", "declined"][n % 4]},
            )
            if created:
                ExpressionOfInterest.objects.filter(pk=interest.pk).update(
                    created_at=max(_at(now, rng, rng.randint(0, REAL_DAYS - 1)), window.opens_at)
                )


def _readers(now, rng, users) -> None:

    notices = PolicyNotice.objects.filter(
        organisation__members__email=REGULATOR_EMAIL, status="published"
    ).distinct()
    for notice in notices:
        for user in users:
            if user.organisation_id == notice.organisation_id:
                continue
            NoticeRead.objects.get_or_create(
                notice=notice,
                reader=user,
                defaults={
                    "country": user.organisation.country if user.organisation_id else "",
                    "role": user.role,
                    "language": user.language,
                    "read_at": max(_at(now, rng, rng.randint(0, 9)), notice.published_at or now),
                },
            )


def _visitors(now, rng) -> None:
    """Visitors who were not signed in, as the notice page counts them: a counter per day of
    each counting zone (for the last REAL_DAYS days, today's included)."""
    notices = PolicyNotice.objects.filter(
        organisation__members__email=REGULATOR_EMAIL, status="published"
    ).distinct()
    rows = []
    for notice in notices:
        published = (notice.published_at or now).date()
        daily = [rng.randint(0, 9) for _ in range(REAL_DAYS)]
        for zone in settings.HOME_COUNT_ZONES:
            today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
            for days_ago, visitors in enumerate(daily):
                day = today - timedelta(days=days_ago)
                if visitors and day >= published:
                    rows.append(
                        NoticeVisitorDay(notice=notice, zone=zone, day=day, visitors=visitors)
                    )
    NoticeVisitorDay.objects.bulk_create(rows, ignore_conflicts=True)


def _member_activity(now, users) -> None:
    """The Indian MSME books a session and follows two threads, so its home shows both."""

    user = users.get(MSME_EMAILS[0])
    if user is None:
        return
    session = (
        TrainingSession.objects.filter(starts_at__gt=now, programme__status="published")
        .order_by("starts_at")
        .first()
    )
    if session and not Enrolment.objects.filter(user=user, session=session).exists():
        enrolment_enrol(session=session, user=user)
    for thread in Thread.objects.filter(is_visible=True).order_by("-last_posted_at")[:2]:
        if Subscription.objects.filter(user=user, thread=thread).exists():
            continue  # a second seed keeps what the person has read since
        subscription = subscription_create(thread=thread, user=user)
        # Followed when it opened and read no further, so the replies since are new to them.
        Subscription.objects.filter(pk=subscription.pk).update(read_until=thread.created_at)


# ---------------------------------------------------------------- sample history


def _subjects() -> dict[str, list[int]]:

    return {
        "windows": list(
            FundingWindow.objects.filter(organisation__members__email=FINANCIER_EMAIL)
            .values_list("pk", flat=True)
            .distinct()
        ),
        "notices": list(
            PolicyNotice.objects.filter(organisation__members__email=REGULATOR_EMAIL)
            .values_list("pk", flat=True)
            .distinct()
        ),
        "msmes": list(
            Organisation.objects.filter(members__email__in=MSME_EMAILS)
            .values_list("pk", flat=True)
            .distinct()
        ),
    }


def _history_rows(day: date, progress: float, subjects: dict[str, list[int]]) -> list[m.Row]:
    rng = random.Random(day.toordinal())
    busy = (0.35 if day.weekday() >= 5 else 1.0) * (0.35 + 0.65 * progress)

    def n(mean: float) -> int:
        return max(0, round(rng.gauss(mean * busy, (mean * busy) ** 0.5 + 0.01)))

    rows: list[m.Row] = []

    def add(measure: str, value: float, **kwargs) -> None:
        if value:
            rows.append(m.Row(measure, value, **kwargs))

    india, japan = n(9), n(4)
    add(m.SIGNUPS, india, dimension="country", key="IN")
    add(m.SIGNUPS, japan, dimension="country", key="JP")
    msme = max(0, india + japan - n(1.5))
    add(m.SIGNUPS, msme, dimension="role", key="msme")
    add(m.SIGNUPS, india + japan - msme, dimension="role", key="financier")
    verified = n(0.6)
    add(m.VERIFIED, verified, dimension="country", key="IN")
    add(m.VERIFIED, verified, dimension="role", key="financier")
    if verified:
        add(m.VERIFICATION_HOURS, round(rng.uniform(6, 60) * (1.4 - 0.6 * progress), 1))
    requested = n(14)
    accepted, declined = n(6), n(3)
    add(m.INTRODUCTIONS, requested, dimension="status", key="requested")
    add(m.INTRODUCTIONS, accepted, dimension="status", key="accepted")
    add(m.INTRODUCTIONS, declined, dimension="status", key="declined")
    add(m.INTRODUCTIONS, n(1.5), dimension="status", key="expired")
    if accepted or declined:
        add(m.ANSWER_HOURS, round(rng.uniform(8, 50), 1))
    add(m.FORUM, n(22), dimension="kind", key="posts")
    add(m.FORUM, n(1.2), dimension="kind", key="flags")
    add(m.FORUM, n(0.9), dimension="kind", key="actions")
    add(m.DIGESTS, n(120), dimension="status", key="sent")
    add(m.DIGESTS, n(35), dimension="status", key="skipped")
    add(m.DIGESTS, n(0.7), dimension="status", key="failed")
    add(m.MATCH_RUNS, 1, dimension="status", key="complete")
    add(m.MATCH_RUN_SECONDS, round(rng.uniform(40, 55) + 30 * progress, 1))
    add(m.MATCHES_STORED, round(20 * (900 + 1600 * progress)))
    for window in subjects["windows"]:
        for status, mean in (("sent", 0.8), ("contacted", 0.4), ("declined", 0.2)):
            add(m.INTERESTS, n(mean), subject=window, dimension="status", key=status)
    for notice in subjects["notices"]:
        jp, in_ = n(1.5), n(3)
        add(m.NOTICE_READERS, in_, subject=notice, dimension="country", key="IN")
        add(m.NOTICE_READERS, jp, subject=notice, dimension="country", key="JP")
        add(m.NOTICE_READERS, in_ + jp, subject=notice, dimension="role", key="msme")
        add(m.NOTICE_READERS, jp, subject=notice, dimension="language", key="ja")
        add(m.NOTICE_READERS, in_ // 2, subject=notice, dimension="language", key="hi")
        add(m.NOTICE_READERS, in_ - in_ // 2, subject=notice, dimension="language", key="en")
        add(m.NOTICE_VISITORS, n(7), subject=notice)
    for org in subjects["msmes"]:
        add(m.PROFILE_VIEWS, n(2.5), subject=org, dimension="country", key="JP")
        add(m.PROFILE_VIEWS, n(1.5), subject=org, dimension="country", key="IN")
        if day.weekday() == 6:
            add(m.APPEARANCES, round(8 + 20 * progress + rng.randint(0, 4)), subject=org)
        add(m.FUNNEL, n(0.3), subject=org, dimension="stage", key="sent")
        add(m.FUNNEL, n(0.3), subject=org, dimension="stage", key="received")
        add(m.FUNNEL, n(0.15), subject=org, dimension="stage", key="accepted")
        add(m.FUNNEL, n(0.08), subject=org, dimension="stage", key="declined")
    return rows


def _sample_history(now: datetime) -> int:
    """Counted days REAL_DAYS+1 … HISTORY_DAYS ago in every zone, once (their ledger rows)."""
    subjects = _subjects()
    written = 0
    for zone in settings.HOME_COUNT_ZONES:
        today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        days = [today - timedelta(days=d) for d in range(HISTORY_DAYS, REAL_DAYS, -1)]
        with transaction.atomic():
            taken = set(
                CountDay.objects.filter(zone=zone, day__in=days).values_list("day", flat=True)
            )
            ledger, counts = [], []
            for day in days:
                if day in taken:
                    continue
                progress = 1 - (today - day).days / HISTORY_DAYS
                rows = _history_rows(day, progress, subjects)
                stamp = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0, 20)))
                ledger.append(
                    CountDay(
                        zone=zone,
                        day=day,
                        status=CountDayStatus.DONE,
                        claimed_at=stamp,
                        finished_at=stamp,
                        rows=len(rows),
                        is_sample=True,
                    )
                )
                counts += [
                    DailyCount(
                        zone=zone,
                        day=day,
                        measure=r.measure,
                        subject=r.subject,
                        dimension=r.dimension,
                        key=r.key,
                        value=r.value,
                    )
                    for r in rows
                ]
            CountDay.objects.bulk_create(ledger)
            DailyCount.objects.bulk_create(counts, batch_size=5000)
            written += len(ledger)
    return written
