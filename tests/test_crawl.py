"""Signed in as each role, in Japanese and then Hindi, the main journeys show no English.

The crawl fetches the pages of the main journeys over the demo data and fails on visible text
that is an English UI string (a msgid of the catalogues) or an English taxonomy name.
User-written content carries its `lang` attribute and is exempt, as are attribute values,
scripts, styles and code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from tests.factories import record_mfa_session

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_TAGS = {"script", "style", "code", "pre", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Words that read the same in every language of the portal: names, codes, units.
NEUTRAL = {
    "API",
    "CSV",
    "JST",
    "IST",
    "UTC",
    "PDF",
    "ISO",
    "MSME",
    "SME",
    "Udyam",
    "ZED",
    "NDA",
    "ID",
}


class VisibleText(HTMLParser):
    """Text nodes a reader sees in the page's own language (not inside another `lang`)."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, exempt)
        self.page_language = page_language
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        exempt = bool(self.stack and self.stack[-1][1])
        lang = attributes.get("lang")
        if tag in SKIPPED_TAGS or "hidden" in attributes or (lang and lang != self.page_language):
            exempt = True
        self.stack.append((tag, exempt))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]) and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.parts


def english_ui_strings() -> set[str]:
    """The catalogues' msgids that a reader would recognise as English UI (two words or more,
    placeholders removed)."""
    found = set()
    for path in ROOT.glob("**/locale/ja/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        for entry in polib.pofile(str(path)):
            for text in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\n", entry.msgid):
                text = " ".join(text.split()).strip(" .,:;—-()")
                if len(text.split()) >= 2 and re.search(r"[a-z]{3}", text):
                    found.add(text)
    return found


def english_taxonomy_names() -> set[str]:
    from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector

    names = set()
    for model in (Sector, Capability, Certification, Market, PartnershipType):
        for en, ja, hi in model.objects.values_list("name_en", "name_ja", "name_hi"):
            if ja and hi and en not in (ja, hi) and len(en) > 3:
                names.add(en)
    return names


def _pages(role: str) -> list[str]:
    from forum.discussions.models import Board, Thread
    from matchmaking.models import PartnerProfile
    from programs.models import FundingWindow, PolicyNotice, TrainingProgramme

    notice = PolicyNotice.objects.filter(status="published").first()
    window = FundingWindow.objects.filter(status="published").first()
    programme = TrainingProgramme.objects.filter(status="published").first()
    board = Board.objects.filter(is_public=True).first()
    thread = Thread.objects.filter(board=board).first()
    profile = PartnerProfile.objects.select_related("organisation").first()
    pages = [
        reverse("home"),
        reverse("matchmaking:directory") + "?country=JP",
        reverse("programs:notice_list"),
        reverse("programs:window_list"),
        reverse("programs:programme_list"),
        reverse("discussions:index"),
        reverse("account_home"),
        reverse("digests:preferences"),
    ]
    pages += [reverse("programs:notice_detail", args=[notice.pk])] if notice else []
    pages += [reverse("programs:window_detail", args=[window.pk])] if window else []
    pages += [reverse("programs:programme_detail", args=[programme.pk])] if programme else []
    pages += [reverse("discussions:board", args=[board.slug])] if board else []
    pages += [thread.get_absolute_url()] if thread else []
    if profile is not None:
        pages.append(reverse("matchmaking:profile", args=[profile.organisation.slug]))
    if role == "msme":
        pages += [reverse("matchmaking:matches"), reverse("matchmaking:introductions")]
        pages += [reverse("discussions:followed"), reverse("discussions:followed") + "?new=1"]
    own = {"organisation__members__email": ROLES[role], "status": "published"}
    if role == "financier" and (mine := FundingWindow.objects.filter(**own).first()):
        pool = reverse("home:window_pool", args=[mine.pk])
        pages += [pool, pool + "?excluded=country"]
    if role == "regulator" and (issued := PolicyNotice.objects.filter(**own).first()):
        pages.append(reverse("home:notice_dashboard", args=[issued.pk]))
    if role == "admin":
        pages += [
            reverse("home:staff_dashboard"),  # the staff portal the navigation leads to
            reverse("verification_queue"),
            reverse("discussions:moderation_queue"),
            reverse("matchruns:list"),
            reverse("digests:run_list"),
            reverse("audit_log"),
        ]
    return pages


ROLES = {
    "msme": "msme.india@demo.ijsme.example",
    "regulator": "regulator@demo.ijsme.example",
    "financier": "financier@demo.ijsme.example",
    "admin": "admin@demo.ijsme.example",
}


@pytest.mark.parametrize("role", list(ROLES))
def test_no_english_on_the_main_journeys(client, demo, role):
    from accounts.models import User

    user = User.objects.get(email=ROLES[role])
    record_mfa_session(client, user)  # the admin's pages need a session that passed MFA
    ui, taxonomy = english_ui_strings(), english_taxonomy_names()
    found: list[str] = []
    for language in ("ja", "hi"):
        User.objects.filter(pk=user.pk).update(language=language)
        for url in _pages(role):
            response = client.get(url)
            assert response.status_code == 200, (language, url, response.status_code)
            for text in visible_text(response.content.decode(), language):
                words = set(re.findall(r"[A-Za-z][A-Za-z'’-]+", text)) - NEUTRAL
                if not words:
                    continue
                # A taxonomy name shows as a whole label (badge, option, checkbox), maybe with a
                # count: "Logistics (3)"; inside a sentence it is somebody's own words.
                label = re.sub(r"\s*\(\d+\)$", "", text).strip(" ·,")
                hits = [s for s in ui if s in text] + [label] * (label in taxonomy)
                found += [f"{language} {url}: {hit!r} in {text[:80]!r}" for hit in hits]
    assert found == [], "\n".join(sorted(set(found))[:150])


def test_the_crawl_would_see_english_ui_and_exempts_marked_content():
    html = (
        '<html lang="ja"><body><p>Request an introduction</p>'
        '<p lang="en">Request an introduction</p><script>var x = "Sign in"</script></body></html>'
    )
    assert visible_text(html, "ja") == ["Request an introduction"]
    assert "Request an introduction" in english_ui_strings()


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_the_admin_index_names_every_app_and_model_in_the_readers_language(
    client, admin_user, language
):
    """The raw Django admin too: app and model names (ours and the third-party apps'), the
    site's name and the page's furniture, with no English left but addresses and codes."""
    from django.apps import apps
    from django.contrib import admin
    from django.utils import translation
    from django.utils.text import capfirst

    from accounts.models import User

    User.objects.filter(pk=admin_user.pk).update(language=language)
    record_mfa_session(client, admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    texts = visible_text(response.content.decode(), language)
    with translation.override("en"):
        english = {capfirst(str(m._meta.verbose_name_plural)) for m in admin.site._registry}
        english |= {
            str(apps.get_app_config(m._meta.app_label).verbose_name) for m in admin.site._registry
        }
    assert len(english) > 40
    assert [text for text in texts if text in english] == []
    leftovers = [
        text
        for text in texts
        if "@" not in text
        and set(re.findall(r"[A-Za-z][A-Za-z'’-]+", text)) - NEUTRAL - {"Crontab"}  # a term of art
    ]
    assert leftovers == []


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_the_admin_lists_head_their_columns_in_the_readers_language(client, demo, language):
    """Every project model's admin list (over the demo data, so the lists have rows and
    columns): the columns of `list_display` are the fields' translated verbose names."""
    from django.contrib import admin
    from django.core.exceptions import FieldDoesNotExist
    from django.utils import translation
    from django.utils.text import capfirst

    from accounts.models import User

    staff = User.objects.get(email=ROLES["admin"])
    User.objects.filter(pk=staff.pk).update(language=language)
    record_mfa_session(client, staff)
    found, columns = [], 0
    for model, model_admin in admin.site._registry.items():
        if not str(model.__module__).startswith(
            ("accounts", "taxonomy", "programs", "matchmaking", "digests", "forum")
        ):
            continue
        english = set()
        with translation.override("en"):
            for name in model_admin.list_display:
                try:
                    english.add(capfirst(str(model._meta.get_field(name).verbose_name)))
                except FieldDoesNotExist:
                    continue
        meta = model._meta
        response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 200, meta.label
        html = response.content.decode()
        columns += html.count('<th scope="col"')
        texts = set(visible_text(html, language))
        found += [
            f"{language} {meta.label}: {name!r}" for name in english & texts if name not in NEUTRAL
        ]
    assert columns > 100  # the lists had rows, so their column headers were there to read
    assert found == []
