"""The demo's main pages in Japanese and Hindi, on a desktop and on a phone: screenshots, and
no page wider than the screen; on a phone the directory's filters open in a drawer."""

from __future__ import annotations

import pytest

from matchmaking.tests.factories import ensure_taxonomy
from tests.browser.helpers import sign_in

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_main_pages_in_japanese_and_hindi_fit_desktop_and_phone(page):
    from django.core.management import call_command

    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from programs.models import FundingWindow

    ensure_taxonomy()  # an earlier transactional test may have flushed the vocabularies
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email = "msme.india@demo.ijsme.example"
    window = FundingWindow.objects.filter(status="published").order_by("pk").first()
    pages = {
        "directory": "/partners/",
        "window with eligibility": f"/programs/funding/{window.pk}/",
        "introductions": "/partners/introductions/",
    }
    sign_in(page, email, DEMO_PASSWORD)
    for language, marker in (("ja", "日印中小企業フォーラム"), ("hi", "भारत–जापान एसएमई फ़ोरम")):
        User.objects.filter(email=email).update(language=language)
        for device, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            for name, url in pages.items():
                page.goto(url)
                page.wait_for_load_state("networkidle")
                assert page.locator("html").get_attribute("lang") == language
                assert marker in page.title() or marker in page.content()
                assert page.evaluate(NO_HORIZONTAL_SCROLL), (language, device, name)
                page.shots(f"{language} {device} {name}")
            if device == "phone":
                page.goto("/partners/")
                filters = page.locator("#filters")
                assert not filters.is_visible()
                assert page.locator("article.partner-card").first.is_visible()
                page.locator("button[aria-controls=filters]").click()
                page.wait_for_selector("#filters.show")
                assert filters.is_visible()
                assert page.evaluate(NO_HORIZONTAL_SCROLL)
                page.shots(f"{language} phone directory filters drawer")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_capability_picker_is_searchable_and_keyboard_usable_in_japanese(page):
    from django.core.management import call_command

    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from taxonomy.models import Capability

    ensure_taxonomy()  # an earlier transactional test may have flushed the vocabularies
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email = "msme.india@demo.ijsme.example"
    User.objects.filter(email=email).update(language="ja")
    capabilities = list(Capability.objects.exclude(name_ja="").select_related("sector"))
    wanted = next(  # a name no other capability's name contains, so it is the first result
        c
        for c in reversed(capabilities)
        if not any(c.name_ja in o.name_ja for o in capabilities if o.pk != c.pk)
    )
    sign_in(page, email, DEMO_PASSWORD)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/partners/profile/")
    page.wait_for_load_state("networkidle")
    control = page.locator("#id_capabilities_sought-ts-control")
    control.focus()  # the keyboard, not the mouse
    control.press_sequentially(wanted.name_ja, delay=30)
    page.wait_for_timeout(400)
    page.wait_for_selector(".ts-dropdown .option.active")
    page.shots("ja phone capability picker typed")
    group = page.locator(".ts-dropdown .optgroup:has(.option.active) .optgroup-header")
    assert group.inner_text() == wanted.sector.name_ja
    page.shots("ja phone capability picker search")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    selected = page.eval_on_selector(
        "#id_capabilities_sought", "s => [...s.selectedOptions].map(o => o.value)"
    )
    assert str(wanted.pk) in selected
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.shots("ja phone capability chosen")
