"""Demo data: the demo's accepted introduction has a conversation with messages, a proposed
meeting inside the overlap and one deal-room document; seeding twice adds nothing."""

from __future__ import annotations

import pytest

from matchmaking.partnerships import hours, selectors
from matchmaking.partnerships.models import Conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    from accounts import demo as accounts_demo
    from matchmaking import demo as matchmaking_demo
    from matchmaking.partnerships import demo

    accounts_demo.seed()
    with django_capture_on_commit_callbacks(execute=False):
        matchmaking_demo.seed()
        demo.seed()
    return demo


def test_the_demo_conversation_has_messages_a_meeting_and_a_document(seeded):
    conversation = Conversation.objects.get()
    assert conversation.introduction.status == "accepted"
    assert conversation.messages.count() == 3
    meeting = conversation.meetings.get()
    slots = list(meeting.slots.all())
    assert len(slots) == 3
    sides = selectors.sides_for(conversation)
    assert all(not hours.slot_problems(sides, s.starts_at, 45) for s in slots)
    document = conversation.documents.get()
    assert document.content_type == "application/pdf" and document.nda_kind == "standard"


def test_the_two_demo_msmes_stay_free_to_request_an_introduction(seeded):
    from matchmaking.models import Introduction

    demo_pair = {"ludhiana-precision-auto-components", "osaka-seimitsu-tooling"}
    for intro in Introduction.objects.select_related("from_organisation", "to_organisation"):
        assert {intro.from_organisation.slug, intro.to_organisation.slug} != demo_pair


def test_the_sample_partner_cannot_sign_in(seeded):
    from accounts.models import User

    assert not User.objects.get(email=seeded.INDIA).has_usable_password()


def test_seeding_twice_adds_nothing(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert seeded.seed() == 0
    assert Conversation.objects.count() == 1
