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


# A button whose text wraps to more lines than it has words: on a phone a squeezed table cell
# can make a button one character wide.
SQUEEZED_BUTTONS = """() => [...document.querySelectorAll('.btn')]
  .filter(b => b.offsetParent !== null && b.innerText.trim().length > 1)
  .filter(b => {
    const s = getComputedStyle(b);
    const line = parseFloat(s.lineHeight) || 1.5 * parseFloat(s.fontSize);
    const inner = b.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
    const words = b.innerText.trim().split(/\\s+/).length;
    return Math.round(inner / line) > Math.max(2, words);
  })
  .map(b => b.innerText.trim())"""
# Each visible card table: its header row out of sight, its rows as blocks, its cells labelled.
CARD_TABLES = """() => [...document.querySelectorAll('table.table-cards')]
  .filter(t => t.offsetParent !== null && t.querySelector('tbody td[data-label]'))
  .map(t => ({
    head: getComputedStyle(t.querySelector('thead')).position,
    row: getComputedStyle(t.querySelector('tbody tr')).display,
    label: getComputedStyle(t.querySelector('tbody td[data-label]'), '::before').content,
  }))"""


def _runs_to_show() -> None:
    """A finished full match run and a digest run with deliveries (the demo has neither yet)."""
    from django.utils import timezone

    from accounts.models import User
    from digests.models import Delivery, DeliveryStatus, DigestRun
    from matchmaking.runs.models import MatchRun

    now = timezone.now()
    MatchRun.objects.create(
        kind="full", status="complete", done=8, total=8, finished_at=now, pairs_scored=28
    )
    run = DigestRun.objects.create(now=now, finished_at=now, created=2, batches=1)
    for user, status in zip(User.objects.order_by("pk")[:3], DeliveryStatus.values, strict=False):
        Delivery.objects.create(
            user=user,
            kind="weekly",
            period=now.date(),
            run=run,
            status=status,
            window_end=now,
            email=user.email,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tables_become_cards_on_a_phone_in_japanese_and_hindi(page):
    """The staff portal, the queues, the run lists, the audit log, a financier's expressions of
    interest and a member's own lists: no page wider than a phone, every table a stack of
    labelled cards there, no button squeezed to one character a line."""
    from django.core.management import call_command
    from django.urls import reverse

    from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from accounts.models import User
    from digests.models import DigestRun
    from programs.models import FundingWindow

    ensure_taxonomy()  # an earlier transactional test may have flushed the vocabularies
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _runs_to_show()
    financier = User.objects.get(email="financier@demo.ijsme.example")
    window = FundingWindow.objects.filter(organisation=financier.organisation_id).first()
    people = {
        "admin@demo.ijsme.example": {
            "staff portal": reverse("home:staff_dashboard"),
            "verification queue": reverse("verification_queue"),
            "moderation queue": reverse("discussions:moderation_queue"),
            "match runs": reverse("matchruns:list"),
            "digest runs": reverse("digests:run_list"),
            "digest run": reverse("digests:run_detail", args=[DigestRun.objects.get().pk]),
            "audit log": reverse("audit_log"),
        },
        financier.email: {
            "expressions of interest": reverse("programs:window_interests", args=[window.pk]),
        },
        "msme.india@demo.ijsme.example": {
            "my interests and enrolments": reverse("programs:mine"),
            "notifications": reverse("notifications:list"),
            "saved searches": reverse("savedsearches:list"),
        },
    }
    for email, pages in people.items():
        page.context.clear_cookies()
        totp = None if email.startswith("msme") else DEMO_TOTP_SECRET
        sign_in(page, email, DEMO_PASSWORD, totp_secret=totp)
        for language in ("ja", "hi"):
            User.objects.filter(email=email).update(language=language)
            for device, viewport in VIEWPORTS.items():
                page.set_viewport_size(viewport)
                for name, url in pages.items():
                    page.goto(url)
                    page.wait_for_load_state("networkidle")
                    where = (language, device, name)
                    assert page.locator("html").get_attribute("lang") == language, where
                    assert page.evaluate(NO_HORIZONTAL_SCROLL), where
                    assert page.evaluate(SQUEEZED_BUTTONS) == [], where
                    tables = page.evaluate(CARD_TABLES)
                    for table in tables:
                        if device == "phone":
                            assert table["head"] == "absolute" and table["row"] == "block", where
                            assert table["label"] not in ("none", "normal", '""'), where
                        else:
                            assert table["row"] == "table-row", where
                    page.shots(f"{language} {device} {name}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_digest_region_picker_is_searchable_in_hindi_and_grouped_by_country(page):
    """83 states and prefectures: the same Tom Select picker as the capabilities, not a bare
    <select multiple> a phone cannot scroll through."""
    from django.core.management import call_command

    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from forum.regions import REGIONS

    ensure_taxonomy()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email = "msme.india@demo.ijsme.example"
    User.objects.filter(email=email).update(language="hi")
    osaka = REGIONS["JP-27"].name("hi")
    sign_in(page, email, DEMO_PASSWORD)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/digests/preferences/")
    page.wait_for_load_state("networkidle")
    control = page.locator("#id_regions-ts-control")
    control.focus()
    control.press_sequentially(osaka, delay=30)
    page.wait_for_timeout(400)  # the picker filters as typing pauses
    page.wait_for_selector(".ts-dropdown .option.active")
    page.shots("hi phone region picker search")
    group = page.locator(".ts-dropdown .optgroup:has(.option.active) .optgroup-header")
    assert group.inner_text() == "जापान"
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    selected = page.eval_on_selector("#id_regions", "s => [...s.selectedOptions].map(o => o.value)")
    assert "JP-27" in selected
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.shots("hi phone region chosen")
