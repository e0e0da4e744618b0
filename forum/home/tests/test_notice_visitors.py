"""Visitors who were not signed in, on the regulator's home and notice dashboard, and in the
daily counts: copied from their per-day counters once a day has ended, exactly once."""

from __future__ import annotations

import json
import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.home import counting as m
from forum.home.models import DailyCount
from forum.home.services import daily_counts_run
from programs.models import NoticeVisitorDay

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"
IST, JST = "Asia/Kolkata", "Asia/Tokyo"


def _visit(notice, times: int = 1) -> None:
    """`times` browsers, each opening the notice twice."""
    for _n in range(times):
        browser = Client()
        for _again in range(2):
            browser.get(f"/programs/notices/{notice.pk}/", HTTP_USER_AGENT=BROWSER)


def _yesterday(zone: str) -> datetime:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date() - timedelta(days=1)


def test_the_regulator_home_shows_visitors_beside_readers(client, regulator, published_notice, bob):
    from programs.services import notice_read_record

    notice_read_record(notice=published_notice, reader=bob)
    _visit(published_notice, times=3)
    client.force_login(regulator)
    html = client.get("/").content.decode()
    assert "Readers (signed in)" in html and "Visitors (not signed in)" in html
    url = f"/dashboard/notices/{published_notice.pk}/"
    assert f'href="{url}">1</a></td>' in html
    assert f'href="{url}#chart-visitors-title">3</a></td>' in html


def test_the_home_figure_is_the_readers_zone(client, regulator, published_notice):
    """A day of another zone is another count: the reader's zone's days are summed."""
    NoticeVisitorDay.objects.create(notice=published_notice, zone=IST, day="2026-11-01", visitors=4)
    NoticeVisitorDay.objects.create(notice=published_notice, zone=JST, day="2026-11-01", visitors=5)
    regulator.timezone = "Asia/Tokyo"
    regulator.save(update_fields=["timezone"])
    client.force_login(regulator)
    html = client.get("/").content.decode()
    assert '#chart-visitors-title">5</a></td>' in html


def test_the_notice_dashboard_shows_visitors_as_their_own_figure_and_chart(
    client, regulator, published_notice
):
    _visit(published_notice, times=2)
    DailyCount.objects.create(
        zone=IST,
        day=_yesterday(IST),
        measure=m.NOTICE_VISITORS,
        subject=published_notice.pk,
        value=7,
    )
    client.force_login(regulator)
    html = client.get(f"/dashboard/notices/{published_notice.pk}/").content.decode()
    assert re.search(r'home-number d-block">2</span>visitors \(not signed in\)', html)
    assert re.search(r'home-number d-block">0</span>readers \(signed in\)', html)
    assert 'id="chart-visitors-title">Visitors not signed in per week' in html
    data = re.search(
        r'<script id="chart-visitors-data" type="application/json">(.*?)</script>', html
    )
    assert data and json.loads(data.group(1))["series"][0]["data"][-1] == 7


def test_an_ended_day_is_copied_into_the_daily_counts_once(published_notice):
    day = datetime(2026, 11, 10, tzinfo=UTC).date()
    NoticeVisitorDay.objects.create(notice=published_notice, zone=IST, day=day, visitors=6)
    NoticeVisitorDay.objects.create(notice=published_notice, zone=JST, day=day, visitors=8)
    now = datetime(2026, 11, 12, 3, 0, tzinfo=UTC)
    daily_counts_run(now=now, days=3)

    def value(zone):
        return DailyCount.objects.get(
            zone=zone, day=day, measure=m.NOTICE_VISITORS, subject=published_notice.pk
        ).value

    assert (value(IST), value(JST)) == (6, 8)
    # A second run (a retried tick) changes nothing, even if a counter moved meanwhile.
    NoticeVisitorDay.objects.filter(zone=IST, day=day).update(visitors=60)
    daily_counts_run(now=now, days=3)
    assert (value(IST), value(JST)) == (6, 8)
    assert DailyCount.objects.filter(measure=m.NOTICE_VISITORS).count() == 2


def test_today_is_not_counted_until_it_ends(published_notice):
    _visit(published_notice)
    daily_counts_run(now=timezone.now(), days=2)
    assert not DailyCount.objects.filter(measure=m.NOTICE_VISITORS).exists()


@pytest.mark.parametrize(
    ("language", "label"),
    [("ja", "訪問者（未ログイン）"), ("hi", "आगंतुक (साइन इन नहीं)")],
)
def test_it_speaks_japanese_and_hindi(client, regulator, published_notice, language, label):
    regulator.language = language
    regulator.save(update_fields=["language"])
    client.force_login(regulator)
    assert label in client.get("/").content.decode()
    assert label in client.get(f"/dashboard/notices/{published_notice.pk}/").content.decode()
