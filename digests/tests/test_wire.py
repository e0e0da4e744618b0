"""What goes on the wire: 8bit UTF-8 parts where the server takes them, base64 where a part
cannot go as 8bit, SMTP transparency, and one person's broken message not stopping a batch."""

from __future__ import annotations

import email
import smtplib
from datetime import UTC, datetime, timedelta
from email import policy

import pytest

from digests.models import Delivery
from digests.render import DigestMessage
from digests.services import deliveries_send, digest_schedule
from digests.services.claims import AsyncClaims, InlineClaims, claims_for_batch
from digests.services.smtp import Conversation, envelope_address
from digests.tests.factories import publish_notice, subscriber
from tests.factories import make_org
from tests.smtp import SmtpSink

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # Monday 08:00 IST


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        server.point_django_at_it(settings)
        yield server.handler


def _message(text: str, html: str) -> DigestMessage:
    return DigestMessage(
        subject="件名",
        text=text.encode(),
        html=html.encode(),
        from_email="Forum <digest@ijsme.example>",
        to="a@example.com",
        headers={"Message-ID": "<digest-1@ijsme.example>"},
    )


def _parsed(raw: bytes):
    message = email.message_from_bytes(raw, policy=policy.default)
    return message, [part for part in message.walk() if not part.is_multipart()]


def test_parts_go_as_8bit_utf8_with_crlf_line_ends():
    raw = _message("こんにちは\r\nनमस्ते\r\n", "<p>東京</p>\r\n").as_bytes()
    message, parts = _parsed(raw)
    assert [p["Content-Transfer-Encoding"] for p in parts] == ["8bit", "8bit"]
    assert "こんにちは".encode() in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert parts[0].get_content().replace("\r\n", "\n") == "こんにちは\nनमस्ते"
    assert str(message["Subject"]) == "件名"


def test_a_part_with_a_line_longer_than_smtp_allows_goes_as_base64():
    long_line = "<p>" + "長" * 400 + "</p>\r\n"  # 1,207 octets
    _, parts = _parsed(_message("short\r\n", long_line).as_bytes())
    assert [p["Content-Transfer-Encoding"] for p in parts] == ["8bit", "base64"]
    assert parts[1].get_content().replace("\r\n", "\n") == long_line.replace("\r\n", "\n")


def test_without_8bitmime_every_part_is_base64():
    _, parts = _parsed(_message("नमस्ते\r\n", "<p>नमस्ते</p>\r\n").as_bytes(eight_bit=False))
    assert [p["Content-Transfer-Encoding"] for p in parts] == ["base64", "base64"]
    assert parts[0].get_content().strip() == "नमस्ते"


def test_lines_starting_with_a_dot_arrive_intact(sink):
    payload = b"Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast\r\n"
    from django.conf import settings

    with smtplib.SMTP("127.0.0.1", settings.EMAIL_PORT) as smtp:
        conversation = Conversation(smtp, "Forum <digest@ijsme.example>")
        assert conversation.eight_bit
        conversation.envelope(envelope_address("dots@example.com"))
        conversation.send_data(payload)
        conversation.data_reply()
    assert sink.messages == [payload]
    assert "BODY=8BITMIME" in sink.mail_options[0]


def test_envelope_addresses_are_bracketed_and_odd_ones_sanitised():
    assert envelope_address("a.b+c@example.com") == "<a.b+c@example.com>"
    assert envelope_address("Ä <a@bücher.example>") == "<a@xn--bcher-kva.example>"


def _indians(count: int):
    org = make_org(name_en="Pune Castings", country="IN", region="IN-MH")
    return [subscriber(f"w{i}@example.com", org) for i in range(count)]


def test_one_message_that_cannot_be_built_fails_alone(sink, regulator_org, monkeypatch):
    from digests.render import Renderer

    people = _indians(3)
    publish_notice(regulator_org, when=NOW - timedelta(hours=3), title_en="Tariff notice")
    build = Renderer.build

    def broken_for_one(self, recipient, items, personal):
        if recipient.email == people[1].email:
            raise ValueError("bad template data")
        return build(self, recipient, items, personal)

    monkeypatch.setattr(Renderer, "build", broken_for_one)
    ids = [i for batch in digest_schedule(now=NOW).batches for i in batch]
    result = deliveries_send(delivery_ids=ids, now=NOW)
    assert result.sent == 2 and result.failed == 1
    broken = Delivery.objects.get(user=people[1])
    assert broken.status == "failed" and "bad template data" in broken.error
    assert sink.counts == {people[0].email: 1, people[2].email: 1}


def test_claims_run_inline_inside_a_transaction(db):
    assert isinstance(claims_for_batch(), InlineClaims)


@pytest.mark.django_db(transaction=True)
def test_claims_outside_a_transaction_use_the_async_connection_once_each(
    sink, regulator_org, settings
):
    from matchmaking.tests.factories import ensure_taxonomy

    ensure_taxonomy()
    assert isinstance(claims_for_batch(), AsyncClaims)
    people = _indians(4)
    publish_notice(regulator_org, when=NOW - timedelta(hours=3), title_en="Tariff notice")
    ids = [i for batch in digest_schedule(now=NOW).batches for i in batch]
    first = deliveries_send(delivery_ids=ids, now=NOW)
    Delivery.objects.filter(pk__in=ids).update(status="pending", claimed_at=None)
    Delivery.objects.filter(pk=ids[0]).update(status="sent")
    second = deliveries_send(delivery_ids=ids, now=NOW)
    assert (first.sent, second.sent) == (4, 3)
    assert sink.counts[people[0].email] == 1  # the row recorded sent is never sent again
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
