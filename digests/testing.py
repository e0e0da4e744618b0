"""Test and benchmark helpers: a real SMTP sink (aiosmtpd) and published content.

Kept in the app (not under tests/) because bench/digest.py uses the same sink and content
builders as the tests, so the benchmark measures what the tests prove.
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingHandler:
    """Counts accepted messages per recipient. `refuse` maps an address to a reply such as
    "550 5.1.1 no such user" (RCPT refused); `pause_after` blocks the reply to the Nth
    message (after counting it) until `release` is set — a worker can be killed right there.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.messages: list[bytes] = []
        self.mail_options: list[list[str]] = []
        self.refuse: dict[str, str] = {}
        self.keep_messages = True
        self.pause_after: int | None = None
        self.paused = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address, options):
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope):
        with self._lock:
            for address in envelope.rcpt_tos:
                self.counts[address.lower()] += 1
            if self.keep_messages:
                self.messages.append(envelope.original_content or envelope.content)
                self.mail_options.append(list(envelope.mail_options))
            total = sum(self.counts.values())
        if self.pause_after is not None and total == self.pause_after:
            import asyncio

            self.paused.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return "250 Message accepted"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 and a free port, for `with SmtpSink() as sink:`."""

    def __init__(self) -> None:
        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.handler.release.set()
        self.controller.stop()

    def point_django_at_it(self, settings) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10


def publish_notice(organisation, *, when: datetime, sectors=(), **fields):
    """A published policy notice (written directly: the programs services need a request's
    user with MFA, which is beside the point of a digest test)."""
    from programs.models import PolicyNotice

    data = dict(
        organisation=organisation,
        title_en="Notice",
        summary_en="What changed.",
        kind="scheme",
        effective_date=when.date(),
        jurisdiction="IN",
        status="published",
        published_at=when,
    )
    data.update(fields)
    notice = PolicyNotice.objects.create(**data)
    if sectors:
        notice.sectors.set(sectors)
    return notice


def publish_window(organisation, *, when: datetime, closes_in: timedelta, sectors=(), **fields):
    from programs.models import FundingWindow

    data = dict(
        organisation=organisation,
        title_en="Window",
        summary_en="Money to apply for.",
        instrument="loan",
        currency="INR",
        amount_min=Decimal("500000"),
        amount_max=Decimal("15000000"),
        opens_at=when - timedelta(days=30),
        closes_at=when + closes_in,
        jurisdiction="IN",
        status="published",
        published_at=when,
    )
    data.update(fields)
    window = FundingWindow.objects.create(**data)
    if sectors:
        window.sectors.set(sectors)
    return window


def subscriber(email: str, organisation, *, frequency: str = "daily", **user_fields):
    """A person with a verified address and a digest preference (defaults from their org)."""
    from conftest import make_user
    from digests.services import preference_get_or_create

    user = make_user(email, organisation, **user_fields)
    preference = preference_get_or_create(user=user)
    preference.frequency = frequency
    preference.save(update_fields=["frequency"])
    return user
