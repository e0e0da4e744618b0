"""Browser: after the handshake. A Japanese SME (in Japanese) and an Indian MSME (in Hindi)
exchange messages, agree a slot inside the IST–JST overlap, both get the invitation; the
Japanese side shares a document behind the NDA and the Indian side opens it after accepting.

Screenshots of every step, at 1280×900 and 390×844, go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from matchmaking.tests.factories import ensure_taxonomy, make_profile
from tests.factories import make_org, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shots(page, step: str) -> None:
    """The step at desktop and phone width; the phone layout must not scroll sideways."""
    page.shots(f"{step} desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), step
    page.shots(f"{step} phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def _switch(page, email: str) -> None:
    from tests.browser.helpers import sign_in

    page.context.clear_cookies()
    sign_in(page, email)


@pytest.mark.django_db(transaction=True)
def test_two_smes_talk_meet_in_the_overlap_and_share_a_document_behind_the_nda(page, tmp_path):
    from matchmaking.models import Introduction
    from matchmaking.partnerships.models import DocumentAccess, NdaAcceptance
    from matchmaking.services import introduction_accept
    from taxonomy.models import PartnershipType

    ensure_taxonomy()
    osaka = make_org(
        name_en="Osaka Tooling",
        name_ja="大阪ツーリング",
        country="JP",
        region="JP-27",
        city="Osaka",
    )
    ludhiana = make_org(
        name_en="Ludhiana Gears",
        name_hi="लुधियाना गियर्स",
        country="IN",
        region="IN-PB",
        city="Ludhiana",
    )
    make_user("sato@example.com", osaka, full_name="佐藤", language="ja", timezone="Asia/Tokyo")
    harpreet = make_user(
        "harpreet@example.com",
        ludhiana,
        full_name="हरप्रीत",
        language="hi",
        timezone="Asia/Kolkata",
    )
    make_profile(osaka, headline_en="Carbide cutting tools")
    make_profile(ludhiana, headline_en="Precision gears")
    intro = Introduction.objects.create(
        from_organisation=osaka,
        to_organisation=ludhiana,
        partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
        message="よろしくお願いします",
    )
    introduction_accept(introduction=intro, by_user=harpreet)  # opens the conversation
    conversation = intro.conversation
    conversation_url = f"/partners/conversations/{conversation.pk}/"

    # 1. Sato (日本語) finds the conversation and writes first.
    _switch(page, "sato@example.com")
    page.goto("/partners/conversations/")
    assert "会話" in page.locator("main").inner_text()
    page.click(f"a[href='{conversation_url}']")
    page.fill("textarea[name=body]", "はじめまして。**歯車加工**についてご相談させてください。")
    page.click(".message-form button[type=submit]")
    page.wait_for_url(re.compile(r".*#latest$"))
    assert "歯車加工" in page.locator(".messages").inner_text()
    _shots(page, "ja conversation after the first message")

    # 2. Harpreet (हिन्दी) sees the unread badge, replies and proposes a suggested slot.
    _switch(page, "harpreet@example.com")
    page.goto("/partners/")
    page.wait_for_selector(".nav-unread:not([hidden])")
    assert page.locator(".nav-unread").inner_text() == "1"
    page.goto(conversation_url)
    assert "बातचीत" in page.locator("main").inner_text() or "संदेश" in page.content()
    page.fill("textarea[name=body]", "नमस्ते! Happy to talk about gear machining.")
    page.click(".message-form button[type=submit]")
    page.wait_for_url(re.compile(r".*#latest$"))
    page.click("a[href$='/meetings/new/']")
    page.fill("#id_title", "First call")
    page.fill("#id_url", "https://meet.example/first-call")
    first = page.locator(".meeting-form input[name=suggested]").first
    label = page.locator(".meeting-form .slot-label").first.inner_text()
    assert re.search(r"\d\d:\d\d–\d\d:\d\d IST / \d\d:\d\d–\d\d:\d\d JST", label), label
    first.check()
    _shots(page, "hi meeting form with suggestions in both zones")
    page.click(".meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/partners/meetings/\d+/$"))
    meeting_url = page.url
    _shots(page, "hi meeting proposed")

    # 3. Sato accepts the slot; both sides get an iCalendar invitation.
    mail.outbox.clear()
    _switch(page, "sato@example.com")
    page.goto(meeting_url)
    slot_text = page.locator(".slot-label").first.inner_text()
    assert "JST / " in slot_text  # Sato's own zone first
    start_jst = int(slot_text.split("·")[-1].strip()[:2])
    assert 13 <= start_jst < 18  # inside 13:00–18:00 JST = 09:30–14:30 IST
    page.click("form[action$='/accept/'] button[type=submit]")
    page.wait_for_selector(".meeting-when")
    _shots(page, "ja meeting accepted")
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == ["harpreet@example.com", "sato@example.com"]
    for message in mail.outbox:
        name, content, _mimetype = message.attachments[0]
        assert name == "invite.ics" and "METHOD:REQUEST" in str(content)

    # 4. Sato shares a confidential document behind the forum's standard NDA.
    drawing = tmp_path / "drawings.pdf"
    drawing.write_bytes(PDF)
    page.goto(conversation_url)
    page.click("a[href$='/documents/new/']")
    page.fill("#id_title", "工具形状図 rev. C")
    page.fill("#id_description", "Insert geometry for the trial lot")
    page.set_input_files("#id_file", str(drawing))
    page.click(".document-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/partners/deal-room/[^/]+/$"))
    document_url = page.url
    _shots(page, "ja document shared")

    # 5. Harpreet sees only the title and the NDA; after accepting, opens the file.
    _switch(page, "harpreet@example.com")
    page.goto(document_url)
    assert page.locator("a.document-open").count() == 0
    assert "गोपनीयता" in page.locator(".nda-terms").inner_text()
    _shots(page, "hi document behind the nda")
    page.check("#agree")
    page.click("form[action$='/accept/'] button[type=submit]")
    page.wait_for_selector("a.document-open")
    with page.expect_download() as download_info:
        page.click("a.document-open")
    download = download_info.value
    assert download.suggested_filename == "drawings.pdf"
    _shots(page, "hi document opened after accepting")
    assert NdaAcceptance.objects.filter(organisation=ludhiana).count() == 1
    assert set(DocumentAccess.objects.values_list("action", flat=True)) == {"view", "download"}

    # 6. Sato reads the access log of the document.
    _switch(page, "sato@example.com")
    page.goto(document_url)
    assert page.locator(".access-log").inner_text().count("harpreet@example.com") >= 2
    _shots(page, "ja access log")
