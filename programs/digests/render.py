"""Rendering digests: each shared item once per (language, time zone), each frame once.

A batch holds thousands of recipients who share a few dozen items, so item fragments and the
surrounding frame are rendered with Django templates once per language and zone and cached in
the `Renderer`; per recipient only strings are joined and a MIME message is built.
"""

from __future__ import annotations

import base64
import itertools
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from forum import i18n, timefmt
from forum.money import money
from forum.regions import region_name
from programs.digests.content import Item, PersonalItem

UNSUBSCRIBE_SALT = "digests.unsubscribe"

SECTION_TITLES = {
    "notices": gettext_lazy("Policy notices"),
    "windows": gettext_lazy("Funding windows"),
    "programmes": gettext_lazy("Training programmes"),
    "closing": gettext_lazy("Funding windows you are eligible for, closing within 14 days"),
    "matches": gettext_lazy("New partner matches"),
    "threads": gettext_lazy("Forum threads you follow"),
}
SECTION_ORDER = ("notices", "windows", "closing", "programmes", "matches", "threads")

# Private-use characters survive HTML escaping and never occur in real text.
NAME, SINCE, BODY, UNSUB, PREFS = "\ue000N", "\ue000S", "\ue000B", "\ue000U", "\ue000P"


@lru_cache(maxsize=4)
def _signer(secret: str) -> signing.Signer:
    return signing.Signer(key=secret, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    return _signer(settings.SECRET_KEY).sign(str(user_id))


def unsubscribe_user_id(token: str) -> int:
    """The person a token was made for; raises signing.BadSignature when tampered with."""
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


_BOUNDARY_PREFIX = secrets.token_hex(8)
_boundaries = itertools.count()


@dataclass
class DigestMessage:
    """A digest ready to send: HTML and plain-text parts and the RFC 8058 headers.

    `as_bytes()` writes the MIME message directly (base64 UTF-8 parts, RFC 2047 subject): the
    batch sends thousands of them and Django's generic MIME generator costs milliseconds per
    message. `as_email_message()` is the same message for Django's other mail backends.
    """

    subject: str
    text: str
    html: str
    from_email: str
    to: str
    headers: dict[str, str]

    def as_bytes(self) -> bytes:
        # Base64 parts never contain "=_", so a counter suffices (os.urandom costs ~0.1 ms here).
        boundary = f"=_digest_{_BOUNDARY_PREFIX}_{next(_boundaries)}"
        head = [
            f"From: {_address_header(self.from_email)}",
            f"To: {_address_header(self.to)}",
            f"Subject: {_encoded_header(self.subject)}",
            f"Date: {formatdate(localtime=False)}",
            "MIME-Version: 1.0",
            *(f"{name}: {value}" for name, value in self.headers.items()),
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
        parts = []
        for subtype, body in (("plain", self.text), ("html", self.html)):
            parts.append(
                f"--{boundary}\r\n"
                f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\n"
                + base64.encodebytes(body.encode()).decode("ascii").replace("\n", "\r\n")
            )
        return ("\r\n".join(head) + "\r\n\r\n" + "".join(parts) + f"--{boundary}--\r\n").encode(
            "ascii"
        )

    def as_email_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=self.from_email,
            to=[self.to],
            headers=self.headers,
        )
        message.attach_alternative(self.html, "text/html")
        return message


@lru_cache(maxsize=512)
def _encoded_header(value: str) -> str:
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        return Header(value, "utf-8").encode()
    return value


@lru_cache(maxsize=64)
def _address_header(value: str) -> str:
    if "<" not in value and value.isascii():
        return value
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else address


@dataclass
class Recipient:
    delivery_id: int
    user_id: int
    email: str
    name: str
    language: str
    tz: str
    kind: str
    since: datetime


def _item_lines(item: Item, tz: str, language: str) -> list[str]:
    """The facts under an item's title, in the reader's language and zone."""
    obj = item.obj
    lines: list[str] = []
    if item.section == "notices":
        lines.append(str(obj.get_kind_display()))
        if getattr(obj, "effective_date", None):
            lines.append(
                _("In effect from %(date)s")
                % {"date": formats.date_format(obj.effective_date, "DATE_FORMAT")}
            )
        if getattr(obj, "compliance_deadline", None):
            lines.append(
                _("Comply by %(date)s")
                % {"date": formats.date_format(obj.compliance_deadline, "DATE_FORMAT")}
            )
    if item.section in ("windows", "closing"):
        lines.append(str(obj.get_instrument_display()))
        low, high = getattr(obj, "amount_min", None), getattr(obj, "amount_max", None)
        if low is not None or high is not None:
            amounts = " – ".join(money(a, obj.currency) for a in (low, high) if a is not None)
            lines.append(amounts)
        lines.append(_("Closes %(when)s") % {"when": timefmt.deadline(obj.closes_at, tz)})
    if item.section == "programmes":
        lines.append(str(obj.get_topic_display()))
        if getattr(obj, "provider_name", ""):
            lines.append(obj.provider_name)
    if item.region:
        lines.append(region_name(item.region, language))
    if getattr(obj, "amended_at", None) and item.section != "closing":
        lines.append(_("Amended on %(when)s") % {"when": timefmt.dual_time(obj.amended_at, tz)})
    return lines


class Renderer:
    """Caches everything that does not depend on the individual recipient."""

    def __init__(self) -> None:
        self._items: dict[tuple, tuple[str, str]] = {}
        self._sections: dict[tuple[str, str], tuple[str, str]] = {}
        self._frames: dict[tuple[str, str], tuple[str, str]] = {}
        self._since: dict[tuple[str, str, str], str] = {}
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.preferences_url = absolute(reverse("digests:preferences"))
        # reverse() once: per recipient only the signed token changes.
        self.unsubscribe_prefix = absolute(reverse("digests:unsubscribe", args=["TOKEN"]))
        self.domain = parseaddr(self.from_email)[1].rpartition("@")[2] or "localhost"

    # --- cached fragments ---------------------------------------------------------------------
    def item(self, item: Item, language: str, tz: str) -> tuple[str, str]:
        key = (item.key, item.changed_at, getattr(item.obj, "updated_at", None), language, tz)
        cached = self._items.get(key)
        if cached is None:
            title = i18n.pick(item.obj, "title", language)
            summary = i18n.pick(item.obj, "summary", language)
            context = {
                "title": title.text,
                "title_original": title.language if title.is_original_fallback else "",
                "summary": _shorten(summary.text),
                "lines": _item_lines(item, tz, language),
                "url": absolute(_item_url(item)),
                "organisation": _org_name(item.obj, language),
            }
            cached = (
                render_to_string("digests/email/_item.html", context),
                render_to_string("digests/email/_item.txt", context),
            )
            self._items[key] = cached
        return cached

    def personal(self, item: PersonalItem) -> tuple[str, str]:
        context = {"title": item.title, "lines": item.lines, "url": absolute(item.url)}
        return (
            render_to_string("digests/email/_item.html", context),
            render_to_string("digests/email/_item.txt", context),
        )

    def section(self, section: str, language: str) -> tuple[str, str]:
        key = (section, language)
        if key not in self._sections:
            title = str(SECTION_TITLES[section])
            self._sections[key] = (
                f'<h2 class="section">{escape(title)}</h2>\n',
                f"\n== {title} ==\n\n",
            )
        return self._sections[key]

    def frame(self, language: str, kind: str) -> tuple[str, str]:
        key = (language, kind)
        if key not in self._frames:
            context = {
                "name": NAME,
                "since": SINCE,
                "body": BODY,
                "unsubscribe_url": UNSUB,
                "preferences_url": PREFS,
                "daily": kind == "daily",
                "site_url": settings.SITE_URL,
            }
            self._frames[key] = (
                render_to_string("digests/email/digest.html", context),
                render_to_string("digests/email/digest.txt", context),
            )
        return self._frames[key]

    def since_text(self, since: datetime, language: str, tz: str) -> str:
        key = (since.isoformat(), language, tz)
        if key not in self._since:
            self._since[key] = timefmt.dual_time(since, tz)
        return self._since[key]

    # --- one recipient ------------------------------------------------------------------------
    def build(
        self,
        recipient: Recipient,
        items: list[Item],
        personal: list[PersonalItem],
    ) -> DigestMessage:
        """The recipient's message; call inside translation.override(recipient.language)."""
        language, tz = recipient.language, recipient.tz
        html_parts: list[str] = []
        text_parts: list[str] = []
        by_section: dict[str, list[tuple[str, str]]] = {}
        for item in items:
            by_section.setdefault(item.section, []).append(self.item(item, language, tz))
        for item in personal:
            by_section.setdefault(item.section, []).append(self.personal(item))
        for section in SECTION_ORDER:
            fragments = by_section.get(section)
            if not fragments:
                continue
            head_html, head_text = self.section(section, language)
            html_parts.append(head_html)
            text_parts.append(head_text)
            for html, text in fragments:
                html_parts.append(html)
                text_parts.append(text)
        frame_html, frame_text = self.frame(language, recipient.kind)
        unsubscribe_url = self.unsubscribe_prefix.replace(
            "TOKEN", unsubscribe_token(recipient.user_id)
        )
        since = self.since_text(recipient.since, language, tz)
        html = (
            frame_html.replace(BODY, "".join(html_parts))
            .replace(NAME, escape(recipient.name))
            .replace(SINCE, escape(since))
            .replace(UNSUB, escape(unsubscribe_url))
            .replace(PREFS, escape(self.preferences_url))
        )
        text = (
            frame_text.replace(BODY, "".join(text_parts))
            .replace(NAME, recipient.name)
            .replace(SINCE, since)
            .replace(UNSUB, unsubscribe_url)
            .replace(PREFS, self.preferences_url)
        )
        count = len(items) + len(personal)
        subject = (
            ngettext(
                "Your daily digest: %(count)d new item",
                "Your daily digest: %(count)d new items",
                count,
            )
            if recipient.kind == "daily"
            else ngettext(
                "Your weekly digest: %(count)d new item",
                "Your weekly digest: %(count)d new items",
                count,
            )
        ) % {"count": count}
        return DigestMessage(
            subject=subject,
            text=text,
            html=html,
            from_email=self.from_email,
            to=recipient.email,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                # One id per delivery: were a message ever sent twice, receivers could tell.
                "Message-ID": f"<digest-{recipient.delivery_id}@{self.domain}>",
                "Content-Language": language,
                "Auto-Submitted": "auto-generated",
            },
        )


_process_renderer: Renderer | None = None


def shared_renderer() -> Renderer:
    """One Renderer per worker process, so batches of a run reuse rendered fragments (keyed by
    item and its change time, so an amendment renders afresh); emptied when it grows large."""
    global _process_renderer
    if _process_renderer is None or len(_process_renderer._items) > 5000:
        _process_renderer = Renderer()
    return _process_renderer


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _org_name(obj: Any, language: str) -> str:
    organisation = getattr(obj, "organisation", None)
    if organisation is None:
        return ""
    return i18n.pick(organisation, "name", language).text or organisation.name_en


def _item_url(item: Item) -> str:
    from programs.digests.content import item_url

    return item_url(item)


def render_for_language(language: str):
    """translation.override for a recipient's language (kept here so callers import one name)."""
    return translation.override(language)


def warm_up() -> None:
    """Load what the first batch would otherwise pay for: URL patterns, the email templates
    and the three catalogues. A worker process calls it once when it starts."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's urls and views
    for name in ("_item.html", "_item.txt", "digest.html", "digest.txt"):
        get_template(f"digests/email/{name}")
    for language in ("en", "ja", "hi"):
        with translation.override(language):
            str(SECTION_TITLES["notices"])
