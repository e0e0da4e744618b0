"""Browser: an MSME sees a match with its reasons and requests an introduction; the other side
accepts, and both then see each other's contact details.

The match rows come from a real full match run (match runs' service, in-process).
Screenshots of every step go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import pytest

from matchmaking.tests.factories import ensure_taxonomy, make_profile
from tests.factories import make_org, make_user


def _sign_out(page) -> None:
    """Drop the session (the next person signs in in the same browser)."""
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_msme_sees_a_match_requests_an_introduction_and_both_see_contacts(page):
    from matchmaking.models import Introduction
    from matchmaking.runs.services import match_run_execute, match_run_request
    from tests.browser.helpers import sign_in

    ensure_taxonomy()
    ludhiana = make_org(name_en="Ludhiana Gears", country="IN", region="IN-PB", city="Ludhiana")
    osaka = make_org(
        name_en="Osaka Tooling",
        name_ja="大阪ツーリング",
        country="JP",
        region="JP-27",
        city="Osaka",
        investment=None,
    )
    make_user("harpreet@example.com", ludhiana, full_name="Harpreet")
    make_user("sato@example.com", osaka, full_name="Sato")
    make_profile(
        ludhiana,
        headline_en="Precision machined gears for tractors",
        sectors=["automotive-mobility"],
        capabilities_offered=["precision-machining", "gears-transmissions"],
        capabilities_sought=["cutting-tools"],
        partnership_types=["technology-transfer"],
        certifications_held=["iatf-16949", "iso-9001"],
        target_markets=["southeast-asia"],
        contact_name="Harpreet Singh",
        contact_email="harpreet.singh@ludhiana.example",
        contact_phone="+91 161 555 0101",
    )
    make_profile(
        osaka,
        headline_en="Carbide cutting tools from Osaka",
        headline_ja="大阪の超硬切削工具",
        original_language="ja",
        sectors=["advanced-manufacturing"],
        capabilities_offered=["cutting-tools"],
        capabilities_sought=["precision-machining"],
        partnership_types=["technology-transfer"],
        certifications_held=["iso-9001"],
        certifications_required=["iatf-16949", "iso-9001", "jis-q-9100"],
        target_markets=["southeast-asia"],
        working_languages=["en", "ja"],
        contact_name="Kenichi Sato",
        contact_email="k.sato@osaka.example",
        contact_phone="+81 6 5555 0202",
    )
    run = match_run_request(kind="full", requested_by=None)
    match_run_execute(run_id=run.pk)  # no-op if the eager worker already ran it on commit
    run.refresh_from_db()
    assert run.status == "complete"

    # 0. Anyone can browse the public directory (no contact details there).
    page.goto("/partners/")
    assert "Osaka Tooling" in page.locator("main").inner_text()
    assert "k.sato@osaka.example" not in page.content()
    page.locator("#facets input[name=country][value=JP]").check()  # facets apply at once
    page.wait_for_url("**country=JP**")
    assert "Ludhiana Gears" not in page.locator("main section").inner_text()
    page.shots("public directory filtered by country")

    # 1. The Indian MSME sees the match and why.
    sign_in(page, "harpreet@example.com")
    page.goto("/partners/matches/")
    card = page.locator(".match-card").first
    card.wait_for()
    assert "Osaka Tooling" in card.inner_text()
    reasons = card.locator(".match-reasons").inner_text()
    assert "They seek Precision machining" in reasons
    assert "JIS Q 9100 missing" in reasons
    assert "Both target Southeast Asia" in reasons
    page.shots("my matches with reasons")

    # Before any introduction the partner's contact details are not shown.
    page.goto("/partners/org/" + osaka.slug + "/")
    assert "k.sato@osaka.example" not in page.content()
    page.shots("partner profile without contact details")

    # 2. Request an introduction from the match.
    page.goto("/partners/matches/")
    page.click(".match-card >> text=Request an introduction")
    page.select_option("select[name=partnership_type]", label="Technology transfer or licensing")
    page.fill("textarea[name=message]", "We machine gears and need carbide tools. Shall we talk?")
    page.shots("introduction request form")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/partners/introductions/" in page.url
    assert "Awaiting reply" in page.content()
    page.shots("request sent")
    assert Introduction.objects.get().status == "pending"
    _sign_out(page)

    # 3. The Japanese SME accepts.
    sign_in(page, "sato@example.com")
    page.goto("/partners/introductions/")
    assert "We machine gears and need carbide tools" in page.content()
    assert "harpreet.singh@ludhiana.example" not in page.content()
    page.shots("received request")
    page.click(".introduction-card >> button:has-text('Accept')")
    page.wait_for_load_state("networkidle")
    assert Introduction.objects.get().status == "accepted"
    details = page.locator(".introduction-card .contact-details").inner_text()
    assert "harpreet.singh@ludhiana.example" in details and "Harpreet Singh" in details
    page.shots("accepted: requester's contact details")
    _sign_out(page)

    # 4. The requester now sees the partner's contact details too.
    sign_in(page, "harpreet@example.com")
    page.goto("/partners/org/" + osaka.slug + "/")
    details = page.locator(".contact-details").inner_text()
    assert "k.sato@osaka.example" in details and "+81 6 5555 0202" in details
    page.shots("partner profile with contact details")


@pytest.mark.django_db(transaction=True)
def test_msme_writes_its_profile_and_finds_a_partner_in_japanese(page):
    from tests.browser.helpers import sign_in

    ensure_taxonomy()
    org = make_org(name_en="Raipur Foods", country="IN", region="IN-CT", city="Raipur")
    make_user("raipur@example.com", org)
    osaka = make_org(
        name_en="Osaka Packaging",
        name_ja="大阪パッケージ",
        country="JP",
        region="JP-27",
        investment=None,
    )
    make_profile(osaka, headline_en="Food packaging lines", headline_ja="食品包装ライン")

    sign_in(page, "raipur@example.com")
    page.goto("/partners/profile/")
    page.fill("input[name=headline_en]", "Rice milling and ready-to-eat meals")
    page.fill("input[name=headline_hi]", "चावल मिलिंग और तैयार भोजन")
    page.locator("#id_sectors label", has_text="Food processing").locator("input").check()
    page.select_option("select[name=capabilities_offered]", label="Rice milling")
    page.check("input[name=working_languages][value=hi]")
    page.fill("input[name=contact_email]", "desk@raipur.example")
    page.shots("profile form")
    page.click("main form button[type=submit]:has-text('Save profile')")
    page.wait_for_load_state("networkidle")
    assert "Rice milling and ready-to-eat meals" in page.content()
    assert "desk@raipur.example" in page.content()  # own organisation sees its own contact
    page.shots("own profile saved")

    page.goto("/partners/?q=" + "包装")
    assert "Osaka Packaging" in page.locator("main").inner_text()
    assert "Raipur Foods" not in page.locator("main").inner_text()
    page.shots("directory search in Japanese")
