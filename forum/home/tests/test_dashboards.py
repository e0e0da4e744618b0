"""Dashboards: charts from the daily counts, their tables and CSV, and who may see them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forum.home import counting as m
from forum.home.dashboards import zone_for
from forum.home.models import DailyCount

pytestmark = pytest.mark.django_db

IST = "Asia/Kolkata"


def _today():
    import zoneinfo

    return timezone.now().astimezone(zoneinfo.ZoneInfo(IST)).date()


def _count(measure, value, *, days_ago=1, subject=0, dimension="", key="", zone=IST):
    DailyCount.objects.create(
        zone=zone,
        day=_today() - timedelta(days=days_ago),
        measure=measure,
        subject=subject,
        dimension=dimension,
        key=key,
        value=value,
    )


def _chart_data(html: str, slug: str) -> dict:
    match = re.search(
        rf'<script id="chart-{slug}-data" type="application/json">(.*?)</script>', html
    )
    assert match, f"no data for chart {slug}"
    return json.loads(match.group(1))


@pytest.fixture
def staff_counts(db):
    _count(m.SIGNUPS, 3, dimension="country", key="IN")
    _count(m.SIGNUPS, 2, days_ago=2, dimension="country", key="IN")
    _count(m.SIGNUPS, 4, dimension="country", key="JP", zone="Asia/Tokyo")
    _count(m.INTRODUCTIONS, 5, dimension="status", key="requested")
    _count(m.ANSWER_HOURS, 10.0)
    _count(m.DIGESTS, 7, dimension="status", key="failed")
    _count(m.SIGNUPS, 99, days_ago=400, dimension="country", key="IN")  # before the year


# ---------------------------------------------------------------- permissions


def test_staff_dashboard_needs_staff_with_mfa(mfa_login, client, alice, admin_user, staff_counts):
    from tests.factories import make_user

    assert client.get("/dashboard/staff/").status_code == 302  # anonymous: sign in first
    client.force_login(alice)
    assert client.get("/dashboard/staff/").status_code == 403
    client.force_login(make_user("nomfa@example.com", None, is_staff=True))
    assert client.get("/dashboard/staff/").status_code == 403
    mfa_login(client, admin_user)
    assert client.get("/dashboard/staff/").status_code == 200


@pytest.fixture
def dashboards(alice, published_notice, open_window):
    return {
        "msme": (f"/dashboard/msme/{alice.organisation.slug}/", "alice"),
        "notice": (f"/dashboard/notices/{published_notice.pk}/", "regulator"),
        "window": (f"/dashboard/windows/{open_window.pk}/", "financier"),
    }


@pytest.mark.parametrize("which", ["msme", "notice", "window"])
def test_it_shows_the_owner_their_dashboard(client, request, dashboards, which):
    url, owner = dashboards[which]
    client.force_login(request.getfixturevalue(owner))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("which", ["msme", "notice", "window"])
def test_it_rejects_other_organisations(client, bob, other_regulator, dashboards, which):
    url, _owner = dashboards[which]
    for outsider in (bob, other_regulator):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get(url + "?csv=interests").status_code == 403


@pytest.mark.parametrize("which", ["msme", "notice", "window"])
def test_it_sends_anonymous_visitors_to_sign_in(client, dashboards, which):
    url, _owner = dashboards[which]
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("which", ["msme", "notice", "window"])
def test_it_shows_admins_every_dashboard(mfa_login, client, admin_user, dashboards, which):
    url, _owner = dashboards[which]
    mfa_login(client, admin_user)
    assert client.get(url).status_code == 200


def test_unknown_dashboards_and_charts_are_404(mfa_login, client, admin_user):
    mfa_login(client, admin_user)
    assert client.get("/dashboard/windows/999999/").status_code == 404
    assert client.get("/dashboard/msme/nobody/").status_code == 404
    assert client.get("/dashboard/staff/?csv=no-such-chart").status_code == 404


# ---------------------------------------------------------------- content


def test_staff_charts_read_the_counts_of_the_readers_zone(
    mfa_login, client, admin_user, staff_counts
):
    mfa_login(client, admin_user)  # Asia/Kolkata
    html = client.get("/dashboard/staff/").content.decode()
    spec = _chart_data(html, "signups-country")
    assert spec["kind"] == "bar" and spec["locale"] == "en-IN"
    india = next(s for s in spec["series"] if s["label"] == "India")
    assert sum(india["data"]) == 5  # the 400-day-old count is outside the year
    assert all(s["label"] != "Japan" for s in spec["series"])  # Tokyo's day is another zone
    assert len(spec["labels"]) == 52
    assert "Weekly average of each day&#x27;s median." in html or "each day's median" in html
    assert 'href="?csv=signups-country"' in html
    # The table beside the chart carries the same numbers.
    assert '<th scope="col" class="text-end">India</th>' in html


def test_a_chart_downloads_as_csv(mfa_login, client, admin_user, staff_counts):
    mfa_login(client, admin_user)
    response = client.get("/dashboard/staff/?csv=introductions")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0] == "week starting,requested,Accepted,Declined,Expired"
    assert sum(int(line.split(",")[-4]) for line in lines[1:]) == 5


def test_labels_and_numbers_follow_the_readers_language(
    mfa_login, client, admin_user, staff_counts
):
    from accounts.models import User

    User.objects.filter(pk=admin_user.pk).update(language="ja", timezone="Asia/Tokyo")
    mfa_login(client, admin_user)
    html = client.get("/dashboard/staff/").content.decode()
    spec = _chart_data(html, "signups-country")
    assert spec["locale"] == "ja-JP"
    assert "月" in spec["labels"][0]  # 11月24日
    assert [s["label"] for s in spec["series"]] == ["日本"]  # Tokyo's counts, Japanese name


def test_an_empty_chart_says_it_fills_in(client, alice):
    client.force_login(alice)
    html = client.get(f"/dashboard/msme/{alice.organisation.slug}/").content.decode()
    assert "Nothing counted here yet" in html
    assert "never records who viewed your profile" in html


def test_msme_dashboard_charts_views_appearances_and_funnel(client, alice):
    org = alice.organisation.pk
    _count(m.PROFILE_VIEWS, 4, subject=org, dimension="country", key="JP")
    _count(m.APPEARANCES, 12, subject=org)
    _count(m.FUNNEL, 3, subject=org, dimension="stage", key="sent")
    _count(m.FUNNEL, 1, subject=org, dimension="stage", key="accepted")
    _count(m.PROFILE_VIEWS, 50, subject=org + 1, dimension="country", key="JP")  # not alice's
    client.force_login(alice)
    html = client.get(f"/dashboard/msme/{alice.organisation.slug}/").content.decode()
    views = _chart_data(html, "profile-views")
    assert [(s["label"], sum(s["data"])) for s in views["series"]] == [("Japan", 4)]
    assert max(_chart_data(html, "appearances")["series"][0]["data"]) == 12
    funnel = _chart_data(html, "funnel")
    assert funnel["labels"][:2] == ["sent", "Accepted"] and funnel["series"][0]["data"][:2] == [
        3,
        1,
    ]


def test_window_dashboard_shows_interests_and_the_pool(client, financier, open_window, alice):
    _count(m.INTERESTS, 2, subject=open_window.pk, dimension="status", key="sent")
    _count(m.INTERESTS, 1, subject=open_window.pk, dimension="status", key="declined")
    client.force_login(financier)
    html = client.get(f"/dashboard/windows/{open_window.pk}/").content.decode()
    by_status = _chart_data(html, "interests-status")
    assert dict(zip(by_status["labels"], by_status["series"][0]["data"], strict=True)) == {
        "Sent": 2,
        "Declined": 1,
    }
    pool = _chart_data(html, "eligible-pool")
    assert pool["labels"][0] == "eligible" and pool["series"][0]["data"][0] == 1


def test_notice_dashboard_shows_readers_by_country_role_and_language(
    client, regulator, published_notice
):
    for dimension, key in (("country", "JP"), ("role", "msme"), ("language", "ja")):
        _count(m.NOTICE_READERS, 2, subject=published_notice.pk, dimension=dimension, key=key)
    client.force_login(regulator)
    html = client.get(f"/dashboard/notices/{published_notice.pk}/").content.decode()
    assert _chart_data(html, "readers-country")["series"][0]["label"] == "Japan"
    assert _chart_data(html, "readers-role")["series"][0]["label"] == "MSME / SME"
    assert _chart_data(html, "readers-language")["series"][0]["label"] == "日本語"


# ---------------------------------------------------------------- cost


@pytest.mark.parametrize(
    ("which", "queries"), [("staff", 11), ("msme", 6), ("notice", 6), ("window", 7)]
)
# Each count includes the session, the person and the bell's unread count of the page layout.
# The staff page's outcomes chart reads the same grouped query as its other charts; its staff
# portal adds five (pending organisations, moderation queue, oldest flag, last match and digest run).
def test_dashboard_query_counts_are_pinned(
    mfa_login,
    client,
    request,
    dashboards,
    admin_user,
    staff_counts,
    which,
    queries,
    django_assert_num_queries,
):
    if which == "staff":
        url, user = "/dashboard/staff/", admin_user
        mfa_login(client, user)  # staff powers need a session that passed MFA
    else:
        url, owner = dashboards[which]
        user = request.getfixturevalue(owner)
        client.force_login(user)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_zone_for_picks_the_readers_zone_or_one_with_the_same_offset(settings):
    assert zone_for("Asia/Tokyo") == "Asia/Tokyo"
    assert zone_for("Asia/Seoul") == "Asia/Tokyo"  # UTC+9 too
    assert zone_for("Asia/Calcutta") == "Asia/Kolkata"
    assert zone_for("Europe/London") == "Asia/Kolkata"  # the first
    assert zone_for("Not/AZone") == "Asia/Kolkata"


def test_staff_dashboard_charts_outcomes_by_kind(mfa_login, client, admin_user, staff_counts):
    _count(m.OUTCOMES, 2, dimension="kind", key="mou")
    _count(m.OUTCOMES, 1, days_ago=2, dimension="kind", key="no_fit")
    mfa_login(client, admin_user)
    html = client.get("/dashboard/staff/").content.decode()
    spec = _chart_data(html, "outcomes")
    totals = {s["label"]: sum(s["data"]) for s in spec["series"]}
    assert totals["MoU signed"] == 2 and totals["No fit"] == 1 and totals["Investment"] == 0
    assert 'href="?csv=outcomes"' in html
    assert '<th scope="col" class="text-end">MoU signed</th>' in html
    response = client.get("/dashboard/staff/?csv=outcomes")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("week starting,MoU signed,Joint venture")
    assert sum(int(line.split(",")[1]) for line in lines[1:]) == 2
