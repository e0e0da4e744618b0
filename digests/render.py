"""Rendering digests: each shared item once per (language, time zone), each frame once.

A batch holds thousands of recipients who share a few dozen items, so item fragments and the
surrounding frame are rendered with Django templates once per language and zone and cached in
the `Renderer`; per recipient only strings are joined and a MIME message is built.
"""

from __future__ import annotations

import base64
import itertools
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from digests.content import Item, PersonalItem, item_url
from forum import i18n, timefmt
from forum.money import money
from forum.regions import region_name

UNSUBSCRIBE_SALT = "digests.unsubscribe"

SECTION_TITLES = {
    "notices": gettext_lazy("Policy notices"),
    "windows": gettext_lazy("Funding windows"),
    "programmes": gettext_lazy("Training programmes"),
    "closing": gettext_lazy("Funding windows you are eligible for, closing within 14 days"),
    "matches": gettext_lazy("New partner matches"),
    "threads": gettext_lazy("Forum threads you follow"),
    "notifications": gettext_lazy("Your notifications"),
}
SECTION_ORDER = (
    "notifications",
    "notices",
    "windows",
    "closing",
    "programmes",
    "matches",
    "threads",
)

# Private-use characters survive HTML escaping and never occur in real text.
NAME, SINCE, BODY, UNSUB, PREFS = "\ue000N", "\ue000S", "\ue000B", "\ue000U", "\ue000P"
_PLACEHOLDER = re.compile("(\ue000[NSBUP])")


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

    `as_bytes()` writes the MIME message directly (8bit UTF-8 parts, RFC 2047 subject): the
    batch sends thousands of them and Django's generic MIME generator costs milliseconds per
    message. The parts are kept as the bytes that go on the wire, joined from fragments that
    were encoded once. `as_email_message()` is the same message for Django's other mail backends.
    """

    subject: str
    text: bytes  # UTF-8, CRLF line ends
    html: bytes
    from_email: str
    to: str
    headers: dict[str, str]
    payload: bytes = field(default=b"", repr=False)  # as_bytes(), kept by the send loop

    def as_bytes(self, *, eight_bit: bool = True) -> bytes:
        """The message with CRLF line ends. Parts go as UTF-8 `8bit` — as Django sends them —
        unless a line is longer than SMTP allows (998 octets), the boundary occurs in the text,
        or the server lacks 8BITMIME (`eight_bit=False`): then that part is base64."""
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
        out = [("\r\n".join(head) + "\r\n\r\n").encode("ascii")]
        for subtype, body in (("plain", self.text), ("html", self.html)):
            out.append(
                f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'.encode()
            )
            out.append(_part_body(body, boundary, eight_bit))
        out.append(f"--{boundary}--\r\n".encode())
        return b"".join(out)

    def as_email_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=_as_text(self.text),
            from_email=self.from_email,
            to=[self.to],
            headers=self.headers,
        )
        message.attach_alternative(_as_text(self.html), "text/html")
        return message


# RFC 5321 §4.5.3.1.6: at most 998 octets a line, before CRLF.
MAX_LINE_OCTETS = 998


def _part_body(data: bytes, boundary: str, eight_bit: bool) -> bytes:
    """A part's transfer-encoding header and body. `data` is already UTF-8 with CRLF ends, so
    the 8bit case only checks (in C: bytes.split, `in`); base64 is the rare fallback."""
    if eight_bit and boundary.encode() not in data and _lines_fit(data):
        ending = b"" if data.endswith(b"\r\n") else b"\r\n"
        return b"Content-Transfer-Encoding: 8bit\r\n\r\n" + data + ending
    encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded


def _as_text(data: bytes) -> str:
    return data.decode().replace("\r\n", "\n")


def wire(text: str) -> bytes:
    """UTF-8 with CRLF line ends, as SMTP carries text; done once per cached fragment."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n").encode()


def _lines_fit(data: bytes) -> bool:
    return len(data) <= MAX_LINE_OCTETS or max(map(len, data.split(b"\r\n"))) <= MAX_LINE_OCTETS


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


Frame = tuple[bytes | str, ...]  # literal bytes and placeholders, alternating


class Renderer:
    """Caches everything that does not depend on the individual recipient, as wire bytes."""

    def __init__(self) -> None:
        self._items: dict[tuple, tuple[bytes, bytes]] = {}
        self._sections: dict[tuple[str, str], tuple[bytes, bytes]] = {}
        self._frames: dict[tuple[str, str], tuple[Frame, Frame]] = {}
        self._since: dict[tuple[str, str, str], tuple[bytes, bytes]] = {}
        self.from_email = settings.DEFAULT_FROM_EMAIL
        preferences_url = absolute(reverse("digests:preferences"))
        self.preferences = (escape(preferences_url).encode(), preferences_url.encode())
        # reverse() once: per recipient only the signed token changes.
        self.unsubscribe_prefix = absolute(reverse("digests:unsubscribe", args=["TOKEN"]))
        self.domain = parseaddr(self.from_email)[1].rpartition("@")[2] or "localhost"

    # --- cached fragments ---------------------------------------------------------------------
    def item(self, item: Item, language: str, tz: str) -> tuple[bytes, bytes]:
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
            cached = self._fragment(context)
            self._items[key] = cached
        return cached

    def personal(self, item: PersonalItem) -> tuple[bytes, bytes]:
        return self._fragment({"title": item.title, "lines": item.lines, "url": absolute(item.url)})

    def _fragment(self, context: dict[str, Any]) -> tuple[bytes, bytes]:
        return (
            wire(render_to_string("digests/email/_item.html", context)),
            wire(render_to_string("digests/email/_item.txt", context)),
        )

    def section(self, section: str, language: str) -> tuple[bytes, bytes]:
        key = (section, language)
        if key not in self._sections:
            title = str(SECTION_TITLES[section])
            self._sections[key] = (
                wire(f'<h2 class="section">{escape(title)}</h2>\n'),
                wire(f"\n== {title} ==\n\n"),
            )
        return self._sections[key]

    def frame(self, language: str, kind: str) -> tuple[Frame, Frame]:
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
                _split(render_to_string("digests/email/digest.html", context)),
                _split(render_to_string("digests/email/digest.txt", context)),
            )
        return self._frames[key]

    def since_text(self, since: datetime, language: str, tz: str) -> tuple[bytes, bytes]:
        key = (since.isoformat(), language, tz)
        if key not in self._since:
            text = timefmt.dual_time(since, tz)
            self._since[key] = (escape(text).encode(), text.encode())
        return self._since[key]

    # --- one recipient ------------------------------------------------------------------------
    def build(
        self,
        recipient: Recipient,
        items: list[Item],
        personal: list[PersonalItem],
    ) -> DigestMessage:
        """The recipient's message; call inside translation.override(recipient.language).
        Per recipient only bytes are joined: fragments, frame and the few personal strings."""
        language, tz = recipient.language, recipient.tz
        html_parts: list[bytes] = []
        text_parts: list[bytes] = []
        by_section: dict[str, list[tuple[bytes, bytes]]] = {}
        for item in items:
            by_section.setdefault(item.section, []).append(self.item(item, language, tz))
        for personal_item in personal:
            by_section.setdefault(personal_item.section, []).append(self.personal(personal_item))
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
        name = " ".join(recipient.name.split())  # no line breaks from a profile into the mail
        since_html, since_text = self.since_text(recipient.since, language, tz)
        html = _fill(
            frame_html,
            {
                NAME: escape(name).encode(),
                SINCE: since_html,
                BODY: b"".join(html_parts),
                UNSUB: escape(unsubscribe_url).encode(),
                PREFS: self.preferences[0],
            },
        )
        text = _fill(
            frame_text,
            {
                NAME: name.encode(),
                SINCE: since_text,
                BODY: b"".join(text_parts),
                UNSUB: unsubscribe_url.encode(),
                PREFS: self.preferences[1],
            },
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


def _split(rendered: str) -> Frame:
    """A rendered frame as wire-bytes pieces around its placeholders."""
    return tuple(
        piece if index % 2 else wire(piece)
        for index, piece in enumerate(_PLACEHOLDER.split(rendered))
    )


def _fill(frame: Frame, values: dict[str, bytes]) -> bytes:
    # Frames alternate: even pieces are wire bytes, odd ones placeholder names (see _split).
    return b"".join(
        values[cast(str, piece)] if index % 2 else cast(bytes, piece)
        for index, piece in enumerate(frame)
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

    return item_url(item)


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
