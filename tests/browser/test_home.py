"""Each role signs in, in Japanese and in Hindi, lands on its own home page and opens a
dashboard whose charts Chart.js draws; both pages fit a phone (390×844) without sideways
scrolling. Screenshots at 1280×900 and 390×844 of each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.helpers import sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

HOME_HEADING = {
    ("msme", "ja"): "前回の訪問以降の新しいマッチ",
    ("msme", "hi"): "आपकी पिछली विज़िट के बाद नए मैच",
    ("regulator", "ja"): "あなたの告示と読者数",
    ("regulator", "hi"): "आपकी सूचनाएँ और उनके पाठक",
    ("financier", "ja"): "あなたの資金枠",
    ("financier", "hi"): "आपकी फ़ंडिंग विंडो",
    ("admin", "ja"): "認証待ち",
    ("admin", "hi"): "सत्यापन बैकलॉग",
}


def _weeks_of_counts(measure, *, subject=0, dimension="", keys=("",), weeks=12):
    """Daily counts for the last `weeks` weeks in both zones (what the beat task would write)."""
    import zoneinfo

    from django.utils import timezone

    from forum.home.models import DailyCount

    rows = []
    for zone in ("Asia/Kolkata", "Asia/Tokyo"):
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
        for back in range(1, weeks * 7):
            for n, key in enumerate(keys):
                rows.append(
                    DailyCount(
                        zone=zone,
                        day=today - timedelta(days=back),
                        measure=measure,
                        subject=subject,
                        dimension=dimension,
                        key=key,
                        value=(back * 7 + n * 3) % 11 + 1,
                    )
                )
    DailyCount.objects.bulk_create(rows)


FOLLOWED_HEADING = {"ja": "フォロー中のスレッド", "hi": "आपके फ़ॉलो किए गए थ्रेड"}
POOL_HEADING = {"ja": "この資金枠の対象となる組織", "hi": "इस फ़ंडिंग विंडो के लिए पात्र संगठन"}


def _followed_thread(alice, bob, settings) -> None:
    """Alice follows Bob's thread, and Bob has replied since she read it."""
    from forum.discussions.models import Board
    from forum.discussions.services import post_create, subscription_create, thread_create

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    settings.FORUM_NEW_USER_DAYS = 0
    board = Board.objects.create(slug="partnering", name_en="Partnering")
    thread = thread_create(
        board=board, author=bob, title="Carbide inserts for gear hobbing", language="en", body="?"
    )
    subscription_create(thread=thread, user=alice)
    post_create(thread=thread, author=bob, body="We can send samples to Ludhiana.")


def _msme(alice, bob):
    from forum.home import counting as m
    from forum.home.tests.factories import current_run_with
    from matchmaking.models import Introduction, PartnershipType
    from matchmaking.tests.factories import ensure_taxonomy, make_profile

    ensure_taxonomy()
    mine = make_profile(
        alice.organisation, sectors=["automotive-mobility"], capabilities_sought=["cutting-tools"]
    )
    theirs = make_profile(
        bob.organisation,
        headline_en="Carbide cutting tools",
        sectors=["advanced-manufacturing"],
        capabilities_offered=["cutting-tools"],
    )
    current_run_with(mine, [theirs])
    Introduction.objects.create(
        from_organisation=bob.organisation,
        to_organisation=alice.organisation,
        partnership_type=PartnershipType.objects.get(slug="joint-venture"),
        message="Shall we talk?",
    )
    org = alice.organisation.pk
    _weeks_of_counts(m.PROFILE_VIEWS, subject=org, dimension="country", keys=("IN", "JP"))
    _weeks_of_counts(m.FUNNEL, subject=org, dimension="stage", keys=("sent", "accepted"))
    return alice, f"/dashboard/msme/{alice.organisation.slug}/"


def _regulator(regulator, alice):
    from forum.home import counting as m
    from programs.services import notice_create, notice_read_record
    from programs.tests.factories import notice_data

    notice = notice_create(user=regulator, data=notice_data(), publish=True)
    notice_read_record(notice=notice, reader=alice)
    for dimension, keys in (("country", ("IN", "JP")), ("role", ("msme",)), ("language", ("ja",))):
        _weeks_of_counts(m.NOTICE_READERS, subject=notice.pk, dimension=dimension, keys=keys)
    _weeks_of_counts(m.NOTICE_VISITORS, subject=notice.pk)  # not signed in, once a day each
    return regulator, f"/dashboard/notices/{notice.pk}/"


def _financier(financier, alice):
    from django.utils import timezone

    from forum.home import counting as m
    from matchmaking.tests.factories import ensure_taxonomy, make_profile
    from programs.models import ExpressionOfInterest
    from programs.services import window_create
    from programs.tests.factories import window_data

    ensure_taxonomy()
    make_profile(alice.organisation, headline_en="Precision gears", sectors=["automotive-mobility"])
    window = window_create(
        user=financier,
        data=window_data(closes_at=timezone.now() + timedelta(days=20), max_employees=250),
        publish=True,
    )
    ExpressionOfInterest.objects.create(window=window, organisation=alice.organisation)
    _weeks_of_counts(m.INTERESTS, subject=window.pk, dimension="status", keys=("sent", "contacted"))
    return financier, f"/dashboard/windows/{window.pk}/"


def _admin(admin_user):
    from forum.home import counting as m
    from tests.factories import make_org

    make_org(name_en="Waiting Bank", kind="financier", verification_status="pending")
    _weeks_of_counts(m.SIGNUPS, dimension="country", keys=("IN", "JP"))
    _weeks_of_counts(m.INTRODUCTIONS, dimension="status", keys=("requested", "accepted"))
    _weeks_of_counts(m.ANSWER_HOURS)
    return admin_user, "/dashboard/staff/"


def _fits_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(150)
    width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
        .slice(-3).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px): {widest}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "hi"])
@pytest.mark.parametrize("role", ["msme", "regulator", "financier", "admin"])
def test_each_role_lands_on_its_home_and_dashboard(page, request, role, language):
    """… and the MSME follows its home's number to its followed threads with new posts, the
    financier its eligible-pool number to the organisations behind it."""
    from accounts.demo import DEMO_TOTP_SECRET
    from accounts.models import User

    if role == "msme":
        alice, bob = request.getfixturevalue("alice"), request.getfixturevalue("bob")
        user, dashboard = _msme(alice, bob)
        _followed_thread(alice, bob, request.getfixturevalue("settings"))
    elif role == "regulator":
        user, dashboard = _regulator(
            request.getfixturevalue("regulator"), request.getfixturevalue("alice")
        )
    elif role == "financier":
        user, dashboard = _financier(
            request.getfixturevalue("financier"), request.getfixturevalue("alice")
        )
    else:
        user, dashboard = _admin(request.getfixturevalue("admin_user"))
    User.objects.filter(pk=user.pk).update(language=language)

    sign_in(page, user.email, totp_secret=None if role == "msme" else DEMO_TOTP_SECRET)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_text(HOME_HEADING[(role, language)]).first.is_visible()
    page.shots(f"{role} home {language} desktop")
    _fits_a_phone(page)
    page.shots(f"{role} home {language} phone")

    page.set_viewport_size(DESKTOP)
    page.goto(dashboard)
    page.wait_for_load_state("networkidle")
    canvas = page.locator("canvas[data-chart]").first
    canvas.wait_for()
    # Chart.js has drawn: the canvas has a bitmap of its box's size.
    assert page.evaluate("document.querySelector('canvas[data-chart]').width") > 100
    assert page.locator("table").first.is_visible()  # the numbers beside the chart
    page.shots(f"{role} dashboard {language} desktop")
    _fits_a_phone(page)
    page.shots(f"{role} dashboard {language} phone")

    if role in ("msme", "financier"):
        page.set_viewport_size(DESKTOP)
        page.goto("/")
        if role == "msme":
            page.click('a.home-number[href="/forum/following/?new=1"]')
            heading = FOLLOWED_HEADING[language]
        else:
            page.click('a[href$="/pool/"]')
            heading = POOL_HEADING[language]
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.get_by_text("Carbide inserts" if role == "msme" else "Alice Auto").is_visible()
        page.shots(f"{role} list behind a number {language} desktop")
        _fits_a_phone(page)
        page.shots(f"{role} list behind a number {language} phone")
        if role == "msme":  # the thread opens at the reply Alice has not read
            page.set_viewport_size(DESKTOP)
            page.click("text=Carbide inserts for gear hobbing")
            page.wait_for_load_state("networkidle")
            assert "#post-" in page.url
