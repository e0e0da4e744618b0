"""Data export and account deletion cover partnerships: messages stay, anonymised."""

from __future__ import annotations

import pytest

from accounts.privacy import erasers, exporters
from matchmaking.partnerships.models import CalendarFeed, Message, NdaAcceptance, ReadState
from matchmaking.partnerships.services import conversations, deals, meetings
from matchmaking.partnerships.tests.helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(conversation, alice, bob):
    conversations.message_post(conversation=conversation, by_user=alice, body="My words")
    document = deals.document_share(conversation=conversation, by_user=bob, title="D", upload=pdf())
    deals.nda_accept(document=document, by_user=alice, ip_address="203.0.113.9", language="en")
    meetings.calendar_feed_rotate(by_user=alice)
    return conversation


def test_the_export_holds_the_persons_messages_and_acceptances(history, alice):
    data = exporters()["partnerships"](alice)
    assert [m["body"] for m in data["messages"]] == ["My words"]
    assert data["nda_acceptances"][0]["ip_address"] == "203.0.113.9"


def test_erasing_keeps_messages_anonymised_and_drops_personal_rows(history, alice):
    erasers()["partnerships"](alice)
    message = Message.objects.get()
    assert message.author is None and message.body == "My words"
    acceptance = NdaAcceptance.objects.get()
    assert acceptance.user is None and acceptance.ip_address is None
    assert acceptance.user_label == "deleted member" and acceptance.terms_sha256
    assert not ReadState.objects.filter(user=alice).exists()
    assert not CalendarFeed.objects.filter(user=alice).exists()
