"""Visitors who are not signed in: one count per browser, notice and day of each counting
zone, kept as a counter per day with nothing about the visitor, remembered in a signed cookie."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from programs import visitors
from programs.models import NoticeRead, NoticeVisitorDay
from programs.services import notice_visit_record

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"
IST, JST = "Asia/Kolkata", "Asia/Tokyo"


@pytest.fixture(autouse=True)
def _zones(settings):
    settings.HOME_COUNT_ZONES = [IST, JST]


def _counts(notice) -> dict[str, int]:
    return {
        f"{row.zone} {row.day}": row.visitors
        for row in NoticeVisitorDay.objects.filter(notice=notice)
    }


def _open(client, notice, user_agent=BROWSER):
    response = client.get(f"/programs/notices/{notice.pk}/", HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    return response


def test_a_visitor_counts_once_a_day_per_notice(client, notice):
    response = _open(client, notice)
    cookie = response.cookies[visitors.COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == visitors.COOKIE_PATH
    _open(client, notice)  # the same browser, the same day
    rows = NoticeVisitorDay.objects.filter(notice=notice)
    assert sorted(row.zone for row in rows) == [IST, JST]
    assert all(row.visitors == 1 for row in rows)


def test_each_browser_counts(client, notice):
    from django.test import Client

    _open(client, notice)
    _open(Client(), notice)
    assert set(_counts(notice).values()) == {2}


def test_nothing_about_the_visitor_is_stored(client, notice):
    _open(client, notice)
    assert NoticeRead.objects.count() == 0
    fields = {f.name for f in NoticeVisitorDay._meta.get_fields()}
    assert fields == {"id", "notice", "zone", "day", "visitors"}
    # The cookie holds the zones' dates and the notice's id, nothing else.
    raw = client.cookies[visitors.COOKIE_NAME].value
    assert str(notice.pk) in raw and "session" not in raw


def test_the_next_day_of_a_zone_counts_again():
    seen = visitors.SeenNotices()
    morning = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 08:30 IST, 12:00 JST
    evening = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # 22:30 IST, 02:00 JST the next day
    today = visitors.zone_days([IST, JST], morning)
    seen.add(7, seen.unseen_zones(7, today), today)
    later = visitors.zone_days([IST, JST], evening)
    again = visitors.SeenNotices.parse(seen.dump(), later)
    assert again.unseen_zones(7, later) == [JST]  # still 1 December in India


def test_signed_in_readers_are_readers_not_visitors(client, notice, bob):
    client.force_login(bob)
    _open(client, notice)
    assert not NoticeVisitorDay.objects.exists()
    assert NoticeRead.objects.filter(notice=notice, reader=bob).exists()


@pytest.mark.parametrize("user_agent", ["", "Googlebot/2.1", "Mozilla/5.0 (compatible; bingbot)"])
def test_robots_are_not_visitors(client, notice, user_agent):
    _open(client, notice, user_agent=user_agent)
    assert not NoticeVisitorDay.objects.exists()


def test_drafts_count_nobody(regulator):
    from programs.services import notice_create
    from programs.tests.factories import notice_data

    draft = notice_create(user=regulator, data=notice_data())
    assert notice_visit_record(notice=draft, seen=visitors.SeenNotices(), user_agent=BROWSER) == []
    assert not NoticeVisitorDay.objects.exists()


def test_a_forged_cookie_is_ignored_and_counts_once(client, notice):
    forged = '{"Asia/Kolkata":["2099-01-01",[1]]}'
    client.cookies[visitors.COOKIE_NAME] = forged  # not signed: read as empty
    _open(client, notice)
    _open(client, notice)
    assert set(_counts(notice).values()) == {1}


def test_a_browser_past_the_daily_cap_stops_counting(notice):
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    today = visitors.zone_days([IST, JST], now)
    seen = visitors.SeenNotices()
    ids = list(range(10_000, 10_000 + visitors.MAX_PER_DAY))
    for notice_id in ids:
        seen.add(notice_id, [IST, JST], today)
    assert notice_visit_record(notice=notice, seen=seen, user_agent=BROWSER, now=now) == []


def test_its_query_count_is_pinned(client, notice, django_assert_num_queries):
    _open(client, notice)  # warm
    from django.test import Client

    fresh = Client()
    # notice, sectors, attachments, revisions, one upsert of the counters of every zone (the
    # layout's bell is for members)
    with django_assert_num_queries(5):
        fresh.get(f"/programs/notices/{notice.pk}/", HTTP_USER_AGENT=BROWSER)
    with django_assert_num_queries(4):  # counted already today: no write
        fresh.get(f"/programs/notices/{notice.pk}/", HTTP_USER_AGENT=BROWSER)
