"""Browser: the bell with its unread count and the notification centre, in Japanese; saving a
search from the partner directory and managing it, in Hindi. Desktop and phone screenshots.
"""

from __future__ import annotations

import pytest

from matchmaking.tests.factories import ensure_taxonomy, make_profile
from tests.factories import make_org, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide on a phone"


def _both_sizes(page, step: str) -> None:
    page.shots(f"{step} desktop")
    page.set_viewport_size(PHONE)
    _no_horizontal_scroll(page)
    page.shots(f"{step} phone")
    page.set_viewport_size(DESKTOP)


@pytest.mark.django_db(transaction=True)
def test_the_bell_and_the_notification_centre_in_japanese(page):
    from django.http import QueryDict
    from django.utils import timezone

    from forum.savedsearches.services import savedsearch_create, savedsearches_check
    from matchmaking.services import introduction_request
    from taxonomy.models import PartnershipType
    from tests.browser.helpers import sign_in

    ensure_taxonomy()
    ludhiana = make_org(name_en="Ludhiana Gears", name_ja="ルディアナ・ギア", region="IN-PB")
    osaka = make_org(
        name_en="Osaka Tooling",
        name_ja="大阪ツーリング",
        country="JP",
        region="JP-27",
        investment=None,
    )
    harpreet = make_user("harpreet@example.com", ludhiana, full_name="Harpreet")
    sato = make_user(
        "sato@example.com", osaka, full_name="Sato", language="ja", timezone="Asia/Tokyo"
    )
    make_profile(ludhiana, headline_en="Gears for tractors", sectors=["automotive-mobility"])
    osaka_profile = make_profile(osaka, headline_en="Carbide tools")
    savedsearch_create(
        user=sato, kind="directory", params=QueryDict("country=IN"), name="インドの部品メーカー"
    )
    for n in range(2):
        make_profile(
            make_org(name_en=f"Pune Castings {n}", name_ja=f"プネー鋳造{n}", region="IN-MH"),
            headline_en="Castings",
        )
    savedsearches_check(now=timezone.now())
    introduction_request(
        by_user=harpreet,
        profile=osaka_profile,
        partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
        message="Carbide tooling for our gear line?",
    )

    sign_in(page, "sato@example.com")
    page.goto("/")
    bell = page.locator("a.notification-bell")
    assert bell.get_attribute("data-unread") == "2"
    assert "通知" in bell.inner_text() and "2" in bell.inner_text()
    page.shots("bell with two unread desktop")
    page.set_viewport_size(PHONE)
    compact = page.locator("a.notification-bell-compact")
    assert compact.is_visible() and compact.inner_text().strip() == "2"  # outside the menu
    _no_horizontal_scroll(page)
    page.shots("bell with two unread phone")
    page.set_viewport_size(DESKTOP)

    bell.click()
    page.wait_for_url("**/notifications/")
    body = page.locator("main").inner_text()
    assert "ルディアナ・ギアから貴組織に紹介の依頼が届きました。" in body
    assert "保存した検索「インドの部品メーカー」の新着結果: 2件。" in body
    assert "プネー鋳造0" in body
    _both_sizes(page, "notification centre")

    page.click("text=すべて既読にする")
    page.wait_for_load_state("networkidle")
    assert page.locator("a.notification-bell").get_attribute("data-unread") == "0"
    assert page.locator("a.notification-bell .badge").count() == 0
    page.shots("all read")


@pytest.mark.django_db(transaction=True)
def test_saving_a_search_from_the_directory_in_hindi(page):
    from forum.savedsearches.models import SavedSearch
    from tests.browser.helpers import sign_in

    ensure_taxonomy()
    raipur = make_org(name_en="Raipur Rice Mills", name_hi="रायपुर राइस मिल्स", region="IN-CT")
    make_user("meena@example.com", raipur, full_name="Meena", language="hi")
    osaka = make_org(name_en="Osaka Foods", country="JP", region="JP-27", investment=None)
    make_profile(osaka, headline_en="Rice milling machines", sectors=["food-processing"])

    sign_in(page, "meena@example.com")
    page.goto("/partners/?q=rice&sector=food-processing")
    form = page.locator("form[action='/saved-searches/save/']")
    assert "यह खोज सहेजें" in form.inner_text()
    form.locator("input[name=name]").fill("चावल मशीनें जापान से")
    _both_sizes(page, "directory with save this search")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "सहेजा गया" in page.locator("main").inner_text()
    page.shots("search saved")

    search = SavedSearch.objects.get()
    assert (search.kind, search.query) == ("directory", "q=rice&sector=food-processing")

    page.goto("/saved-searches/")
    assert "चावल मशीनें जापान से" in page.locator("main").inner_text()
    _both_sizes(page, "saved searches page")

    page.goto("/notifications/preferences/")
    page.check("#id_savedsearch_hits_2")  # "in my digest"
    _both_sizes(page, "notification choices")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    from accounts.notifications.models import NotificationPreference

    assert NotificationPreference.objects.get(kind="savedsearch_hits").channel == "digest"
