"""The daily counts: what a day adds, exactly once, and resuming after a crash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.home import counting as m
from forum.home.counting import day_bounds
from forum.home.models import CountDay, DailyCount
from forum.home.services import count_day, count_day_claim, count_day_store, daily_counts_run

pytestmark = pytest.mark.django_db

IST = "Asia/Kolkata"


def _yesterday(now) -> tuple:
    import zoneinfo

    day = now.astimezone(zoneinfo.ZoneInfo(IST)).date() - timedelta(days=1)
    start, _ = day_bounds(IST, day)
    return day, start + timedelta(hours=10)


def _value(day, measure, *, subject=0, dimension="", key="", zone=IST):
    row = DailyCount.objects.filter(
        zone=zone, day=day, measure=measure, subject=subject, dimension=dimension, key=key
    ).first()
    return row.value if row else None


@pytest.fixture
def yesterday_events(alice, bob, alice_profile, bob_profile, published_notice, open_window):
    """One of each event, at 10:00 IST yesterday."""
    from accounts.models import User
    from matchmaking.models import Introduction, PartnershipType, ProfileView
    from programs.models import ExpressionOfInterest, NoticeRead

    now = timezone.now()
    day, at = _yesterday(now)
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(date_joined=at)
    jv = PartnershipType.objects.get(slug="joint-venture")
    Introduction.objects.create(
        from_organisation=alice.organisation,
        to_organisation=bob.organisation,
        partnership_type=jv,
        message="Hello",
        status="accepted",
        created_at=at - timedelta(hours=6),
        responded_at=at,
    )
    ProfileView.objects.create(profile=alice_profile, viewer_country="JP", viewed_at=at)
    ProfileView.objects.create(profile=alice_profile, viewer_country="JP", viewed_at=at)
    NoticeRead.objects.create(
        notice=published_notice, reader=bob, country="JP", role="msme", language="ja", read_at=at
    )
    interest = ExpressionOfInterest.objects.create(
        window=open_window, organisation=alice.organisation, status="contacted"
    )
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(created_at=at)
    return now, day


def test_a_day_is_counted_by_measure_and_dimension(yesterday_events, alice, bob, open_window):
    now, day = yesterday_events
    results = daily_counts_run(now=now, zones=[IST])
    assert [r.day for r in results if r.counted][-1] == day
    assert _value(day, m.SIGNUPS, dimension="country", key="IN") == 1
    assert _value(day, m.SIGNUPS, dimension="country", key="JP") == 1
    assert _value(day, m.SIGNUPS, dimension="role", key="msme") == 2
    assert _value(day, m.INTRODUCTIONS, dimension="status", key="accepted") == 1
    assert _value(day, m.ANSWER_HOURS) == 6.0
    org = alice.organisation.pk
    assert _value(day, m.FUNNEL, subject=org, dimension="stage", key="accepted") == 1
    assert _value(day, m.PROFILE_VIEWS, subject=org, dimension="country", key="JP") == 2
    assert _value(day, m.INTERESTS, subject=open_window.pk, dimension="status", key="contacted")
    notice = DailyCount.objects.filter(measure=m.NOTICE_READERS, day=day)
    assert {(r.dimension, r.key, r.value) for r in notice} == {
        ("country", "JP", 1),
        ("role", "msme", 1),
        ("language", "ja", 1),
    }
    # The eligible pool is a snapshot of a recent day: alice is eligible, bob is not Indian.
    assert _value(day, m.ELIGIBLE_POOL, subject=open_window.pk, dimension="pool", key="eligible")
    assert (
        _value(day, m.ELIGIBLE_POOL, subject=open_window.pk, dimension="excluded", key="country")
        == 1
    )


def test_counting_twice_adds_nothing_and_never_recounts_a_done_day(yesterday_events, carol):
    from accounts.models import User

    now, day = yesterday_events
    first = daily_counts_run(now=now, zones=[IST])
    rows = DailyCount.objects.count()
    assert all(r.counted for r in first)
    # A new event on a counted day, then the task again (a retried or duplicated tick).
    User.objects.filter(pk=carol.pk).update(date_joined=_yesterday(now)[1])
    second = daily_counts_run(now=now, zones=[IST])
    assert not any(r.counted for r in second)
    assert DailyCount.objects.count() == rows
    assert _value(day, m.SIGNUPS, dimension="role", key="msme") == 2


def test_a_crash_half_way_resumes_where_it_stopped(yesterday_events, monkeypatch):
    from forum.home import services

    now, _day = yesterday_events
    days = services.ended_days(IST, now=now, days=7)
    crash_on = days[3]
    real = services.rows_for_day

    def crashing(zone, d, *, now):
        if d == crash_on:
            raise RuntimeError("worker killed")
        return real(zone, d, now=now)

    monkeypatch.setattr(services, "rows_for_day", crashing)
    with pytest.raises(RuntimeError):
        daily_counts_run(now=now, zones=[IST])
    states = dict(CountDay.objects.filter(zone=IST).values_list("day", "status"))
    assert [states.get(d) for d in days[:4]] == ["done", "done", "done", "running"]
    assert not DailyCount.objects.filter(day=crash_on).exists()
    counted_before = set(CountDay.objects.filter(status="done").values_list("day", flat=True))

    # The worker is back; until the claim is stale nobody takes the crashed day …
    monkeypatch.setattr(services, "rows_for_day", real)
    soon = daily_counts_run(now=now + timedelta(minutes=1), zones=[IST])
    assert crash_on not in {r.day for r in soon if r.counted}
    # … then the next run counts it and the rest, and none of the days already done.
    later = daily_counts_run(now=now + timedelta(minutes=20), zones=[IST])
    counted = {r.day for r in later if r.counted}
    assert crash_on in counted
    assert not counted & counted_before
    assert set(CountDay.objects.filter(zone=IST).values_list("status", flat=True)) == {"done"}
    assert CountDay.objects.get(zone=IST, day=crash_on).attempts == 2


def test_a_claim_taken_over_stores_nothing(db):
    now = timezone.now()
    day = now.date() - timedelta(days=30)
    mine = count_day_claim(zone=IST, day=day, now=now)
    assert mine is not None
    assert count_day_claim(zone=IST, day=day, now=now) is None  # a second worker
    theirs = count_day_claim(zone=IST, day=day, now=now + timedelta(hours=1))  # mine went stale
    assert theirs is not None
    row = m.Row(m.SIGNUPS, 5, dimension="country", key="IN")
    assert count_day_store(zone=IST, day=day, claimed_at=mine, rows=[row]) is False
    assert not DailyCount.objects.exists()
    assert count_day_store(zone=IST, day=day, claimed_at=theirs, rows=[row]) is True
    assert DailyCount.objects.get().value == 5


def test_the_unique_constraint_refuses_a_second_row_for_a_day(db):
    day = timezone.now().date()
    fields = dict(zone=IST, day=day, measure=m.SIGNUPS, dimension="country", key="IN")
    DailyCount.objects.create(value=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyCount.objects.create(value=2, **fields)


def test_old_days_get_no_snapshot(open_window):
    now = timezone.now()
    old = now.date() - timedelta(days=60)
    assert count_day(zone=IST, day=old, now=now).counted
    assert not DailyCount.objects.filter(measure=m.ELIGIBLE_POOL).exists()


def test_each_zone_counts_its_own_day(alice):
    """16:00 UTC is 21:30 in India and already 01:00 the next day in Japan."""
    import zoneinfo
    from datetime import datetime

    from accounts.models import User

    joined = datetime(2026, 11, 10, 16, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    User.objects.filter(pk=alice.pk).update(date_joined=joined)
    daily_counts_run(now=joined + timedelta(days=3), days=5)
    rows = DailyCount.objects.filter(measure=m.SIGNUPS, dimension="role", key="msme")
    assert {(r.zone, r.day.isoformat()) for r in rows} == {
        ("Asia/Kolkata", "2026-11-10"),
        ("Asia/Tokyo", "2026-11-11"),
    }


def test_the_beat_task_is_scheduled_and_counts(yesterday_events, settings):
    from forum.home.tasks import daily_counts_tick

    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "forum.home.tasks.daily_counts_tick" in entries
    assert daily_counts_tick.delay().get() == 2 * 7
    assert daily_counts_tick.delay().get() == 0


def test_outcomes_are_counted_by_kind_once_for_a_day(alice, bob, carol):
    from matchmaking.partnerships.models import Outcome
    from matchmaking.partnerships.services.conversations import conversation_open
    from matchmaking.tests.factories import accepted_introduction

    now = timezone.now()
    day, at = _yesterday(now)
    conversation = conversation_open(
        introduction=accepted_introduction(alice.organisation, bob.organisation)
    )
    for org, kind in ((alice.organisation, "mou"), (bob.organisation, "mou")):
        Outcome.objects.create(
            conversation=conversation, organisation=org, kind=kind, recorded_at=at
        )
    other = conversation_open(
        introduction=accepted_introduction(carol.organisation, bob.organisation)
    )
    Outcome.objects.create(
        conversation=other, organisation=carol.organisation, kind="no_fit", recorded_at=at
    )
    Outcome.objects.create(  # today: not yesterday's
        conversation=other, organisation=bob.organisation, kind="talking", recorded_at=now
    )
    daily_counts_run(now=now, zones=[IST])
    assert _value(day, m.OUTCOMES, dimension="kind", key="mou") == 2
    assert _value(day, m.OUTCOMES, dimension="kind", key="no_fit") == 1
    assert _value(day, m.OUTCOMES, dimension="kind", key="talking") is None
    rows = DailyCount.objects.filter(measure=m.OUTCOMES).count()
    # A late outcome on the counted day, and the task again: the day is not recounted.
    Outcome.objects.filter(organisation=bob.organisation, conversation=other).update(recorded_at=at)
    daily_counts_run(now=now, zones=[IST])
    assert DailyCount.objects.filter(measure=m.OUTCOMES).count() == rows
    assert _value(day, m.OUTCOMES, dimension="kind", key="talking") is None
