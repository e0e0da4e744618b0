"""Every write, for each kind of person: a member of either side may, a third organisation,
an anonymous visitor, a silenced and a suspended member may not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from matchmaking.partnerships.services import conversations, deals, meetings, outcomes
from matchmaking.partnerships.tests.helpers import next_weekday_utc, pdf

pytestmark = pytest.mark.django_db

ALLOWED = ["alice", "bob"]
REFUSED = ["carol", "anonymous", "silenced", "suspended"]


def _post(conversation, user):
    return conversations.message_post(conversation=conversation, by_user=user, body="hello")


def _propose(conversation, user):
    return meetings.meeting_propose(
        conversation=conversation,
        by_user=user,
        title="Call",
        starts=[next_weekday_utc(4, 0)],
        duration_minutes=30,
        mode="online",
        url="https://meet.example/a",
    )


def _share(conversation, user):
    return deals.document_share(conversation=conversation, by_user=user, title="D", upload=pdf())


def _outcome(conversation, user):
    return outcomes.outcome_record(conversation=conversation, by_user=user, kind="talking")


def _read(conversation, user):
    return conversations.conversation_mark_read(conversation=conversation, by_user=user)


WRITES = {"message": _post, "meeting": _propose, "document": _share, "outcome": _outcome}


@pytest.fixture
def people(alice, bob, carol, anonymous, silenced, suspended):
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "anonymous": anonymous,
        "silenced": silenced,
        "suspended": suspended,
    }


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", ALLOWED)
def test_members_of_either_side_may(conversation, people, write, who):
    assert WRITES[write](conversation, people[who]) is not None


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", REFUSED)
def test_others_may_not(conversation, people, write, who):
    with pytest.raises(PermissionDenied):
        WRITES[write](conversation, people[who])


@pytest.mark.parametrize("who", ["carol", "anonymous", "suspended"])
def test_outsiders_cannot_even_read(conversation, people, who):
    with pytest.raises(PermissionDenied):
        _read(conversation, people[who])


@pytest.fixture
def proposal(conversation, alice):
    return _propose(conversation, alice)


ANSWERS = {
    "accept": lambda m, u: meetings.meeting_accept(meeting=m, by_user=u, slot_id=m.slots.get().pk),
    "counter": lambda m, u: meetings.meeting_counter(
        meeting=m, by_user=u, starts=[next_weekday_utc(5, 0, days_ahead=9)]
    ),
    "cancel": lambda m, u: meetings.meeting_cancel(meeting=m, by_user=u, note="no"),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
def test_the_other_side_answers_a_proposal(proposal, bob, answer):
    assert ANSWERS[answer](proposal, bob) is not None


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_answer_a_proposal(proposal, people, answer, who):
    with pytest.raises(PermissionDenied):
        ANSWERS[answer](proposal, people[who])


def _reschedule(meeting, user):
    return meetings.meeting_reschedule(
        meeting=meeting,
        by_user=user,
        starts=[meeting.starts_at + timedelta(days=1)],
        note="Plant visit moved",
    )


@pytest.fixture
def agreed(proposal, bob):
    return ANSWERS["accept"](proposal, bob)


@pytest.mark.parametrize("who", ALLOWED)
def test_either_side_may_ask_to_reschedule(agreed, people, who):
    assert _reschedule(agreed, people[who]).status == "rescheduling"


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_reschedule(agreed, people, who):
    with pytest.raises(PermissionDenied):
        _reschedule(agreed, people[who])


@pytest.mark.parametrize("proposer", ["alice", "alice_colleague"])
def test_the_proposing_side_cannot_accept_its_own_new_time(
    agreed, people, alice_colleague, proposer
):
    people["alice_colleague"] = alice_colleague
    moving = _reschedule(agreed, people["alice"])
    slot = moving.slots.get(is_current=True)
    with pytest.raises(PermissionDenied):
        meetings.meeting_accept(meeting=moving, by_user=people[proposer], slot_id=slot.pk)
    with pytest.raises(PermissionDenied):
        meetings.meeting_counter(
            meeting=moving, by_user=people[proposer], starts=[next_weekday_utc(5, 0)]
        )


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_accept_a_new_time(agreed, people, alice, who):
    moving = _reschedule(agreed, alice)
    slot = moving.slots.get(is_current=True)
    with pytest.raises(PermissionDenied):
        meetings.meeting_accept(meeting=moving, by_user=people[who], slot_id=slot.pk)


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_keep_the_agreed_time(agreed, people, alice, who):
    moving = _reschedule(agreed, alice)
    with pytest.raises(PermissionDenied):
        meetings.meeting_keep_time(meeting=moving, by_user=people[who])


def test_the_other_side_accepts_the_new_time(agreed, alice, bob):
    moving = _reschedule(agreed, alice)
    slot = moving.slots.get(is_current=True)
    moved = meetings.meeting_accept(meeting=moving, by_user=bob, slot_id=slot.pk)
    assert (moved.status, moved.starts_at, moved.sequence) == ("accepted", slot.starts_at, 1)


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_accept_an_nda(conversation, bob, people, who):
    document = _share(conversation, bob)
    with pytest.raises(PermissionDenied):
        deals.nda_accept(document=document, by_user=people[who], ip_address=None, language="en")


@pytest.mark.parametrize("who", ["carol", "anonymous", "suspended"])
def test_outsiders_cannot_block_or_report(conversation, alice, people, who):
    message = _post(conversation, alice)
    with pytest.raises(PermissionDenied):
        conversations.message_report(message=message, by_user=people[who], reason="spam")
    with pytest.raises(PermissionDenied):
        conversations.conversation_block(conversation=conversation, by_user=people[who])


def test_a_silenced_member_can_still_block(conversation, silenced):
    """Blocking protects the person; being silenced does not take that away."""
    assert not conversations.conversation_block(conversation=conversation, by_user=silenced).is_open


def test_admins_do_not_read_private_conversations(conversation, admin_user):
    with pytest.raises(PermissionDenied):
        _read(conversation, admin_user)


@pytest.mark.parametrize(
    "path",
    [
        "/partners/conversations/",
        "/partners/conversations/{pk}/",
        "/partners/conversations/{pk}/meetings/new/",
        "/partners/conversations/{pk}/documents/new/",
        "/partners/calendar/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(conversation, client, path):
    response = client.get(path.format(pk=conversation.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "path",
    [
        "/partners/conversations/{pk}/",
        "/partners/conversations/{pk}/meetings/new/",
        "/partners/conversations/{pk}/documents/new/",
    ],
)
def test_a_third_organisation_gets_403_pages(conversation, carol, client, path):
    client.force_login(carol)
    assert client.get(path.format(pk=conversation.pk)).status_code == 403
    assert client.post(path.format(pk=conversation.pk), {"body": "hi"}).status_code == 403
