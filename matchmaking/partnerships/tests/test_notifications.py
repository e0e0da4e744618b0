"""Partnership events as notifications: each service tells the other side's members, in
their language; the actor's own organisation and a third organisation hear nothing."""

from __future__ import annotations

import re

import pytest

from accounts.notifications.kinds import render
from accounts.notifications.models import Notification
from matchmaking.partnerships.services import deals, meetings, outcomes
from matchmaking.partnerships.tests.helpers import next_weekday_utc, pdf

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def _propose(conversation, user):
    return meetings.meeting_propose(
        conversation=conversation,
        by_user=user,
        title="Gear tooling",
        starts=[next_weekday_utc(4, 0)],
        duration_minutes=45,
        mode="online",
        url="https://meet.example/abc",
    )


def _accepted(conversation, alice, bob):
    meeting = _propose(conversation, alice)
    slot = meeting.slots.get()
    return meetings.meeting_accept(meeting=meeting, by_user=bob, slot_id=slot.pk)


def _only(user, kind) -> Notification:
    (notification,) = Notification.objects.filter(recipient=user, kind=kind)
    return notification


def _assert_reached_only(recipients, kind, *, nobody_else):
    for user in recipients:
        assert Notification.objects.filter(recipient=user, kind=kind).count() == 1, user
    for user in nobody_else:
        assert not Notification.objects.filter(recipient=user, kind=kind).exists(), user


def _assert_three_languages(notification, *expected_in_en):
    en = render(notification.kind, notification.params, "en")
    ja = render(notification.kind, notification.params, "ja")
    hi = render(notification.kind, notification.params, "hi")
    for text in expected_in_en:
        assert text in en, en
    assert "%(" not in en + ja + hi
    assert JAPANESE.search(ja), ja
    assert DEVANAGARI.search(hi), hi
    assert len({en, ja, hi}) == 3


def test_a_proposal_reaches_the_other_side(conversation, alice, alice_colleague, bob, carol):
    meeting = _propose(conversation, alice)
    _assert_reached_only([bob], "meeting_proposed", nobody_else=[alice, alice_colleague, carol])
    notification = _only(bob, "meeting_proposed")
    assert notification.url == f"/partners/meetings/{meeting.pk}/"
    _assert_three_languages(notification, "Alice Auto Parts", "Gear tooling")


def test_a_counter_proposal_reaches_the_first_side(
    conversation, alice, alice_colleague, bob, carol
):
    meeting = _propose(conversation, alice)
    meetings.meeting_counter(meeting=meeting, by_user=bob, starts=[next_weekday_utc(5, 0)])
    _assert_reached_only([alice, alice_colleague], "meeting_countered", nobody_else=[bob, carol])
    _assert_three_languages(_only(alice, "meeting_countered"), "Bob Seimitsu", "Gear tooling")


def test_an_acceptance_reaches_the_proposer(conversation, alice, alice_colleague, bob, carol):
    _accepted(conversation, alice, bob)
    _assert_reached_only([alice, alice_colleague], "meeting_accepted", nobody_else=[bob, carol])
    _assert_three_languages(_only(alice, "meeting_accepted"), "Bob Seimitsu")


def test_a_reschedule_asks_the_other_side_with_the_reason(
    conversation, alice, alice_colleague, bob, carol
):
    meeting = _accepted(conversation, alice, bob)
    meetings.meeting_reschedule(
        meeting=meeting, by_user=alice, starts=[next_weekday_utc(5, 0)], note="Plant visit"
    )
    kind = "meeting_reschedule_proposed"
    _assert_reached_only([bob], kind, nobody_else=[alice, alice_colleague, carol])
    notification = _only(bob, kind)
    assert notification.channel == "email"  # someone must answer: mailed by default
    _assert_three_languages(notification, "Alice Auto Parts", "Plant visit")
    assert "Plant visit" in render(notification.kind, notification.params, "ja")


def test_accepting_the_new_time_tells_the_side_that_asked(
    conversation, alice, alice_colleague, bob, carol
):
    meeting = meetings.meeting_reschedule(
        meeting=_accepted(conversation, alice, bob),
        by_user=alice,
        starts=[next_weekday_utc(5, 0)],
        note="Plant visit",
    )
    meetings.meeting_accept(
        meeting=meeting, by_user=bob, slot_id=meeting.slots.get(is_current=True).pk
    )
    kind = "meeting_rescheduled"
    _assert_reached_only([alice, alice_colleague], kind, nobody_else=[bob, carol])
    _assert_three_languages(_only(alice, kind), "Bob Seimitsu", "Gear tooling")


def test_keeping_the_agreed_time_tells_the_side_that_asked(
    conversation, alice, alice_colleague, bob, carol
):
    meeting = meetings.meeting_reschedule(
        meeting=_accepted(conversation, alice, bob),
        by_user=alice,
        starts=[next_weekday_utc(5, 0)],
        note="Plant visit",
    )
    meetings.meeting_keep_time(meeting=meeting, by_user=bob)
    kind = "meeting_time_kept"
    _assert_reached_only([alice, alice_colleague], kind, nobody_else=[bob, carol])
    _assert_three_languages(_only(alice, kind), "Bob Seimitsu", "Gear tooling")


def test_a_cancellation_reaches_the_other_side(conversation, alice, alice_colleague, bob, carol):
    meeting = _accepted(conversation, alice, bob)
    meetings.meeting_cancel(meeting=meeting, by_user=bob, note="Budget frozen")
    _assert_reached_only([alice, alice_colleague], "meeting_cancelled", nobody_else=[bob, carol])
    _assert_three_languages(_only(alice, "meeting_cancelled"), "Bob Seimitsu", "Budget frozen")


def test_a_shared_document_reaches_the_other_side(conversation, alice, alice_colleague, bob, carol):
    document = deals.document_share(
        conversation=conversation, by_user=bob, title="Tool drawings", upload=pdf()
    )
    _assert_reached_only([alice, alice_colleague], "document_shared", nobody_else=[bob, carol])
    notification = _only(alice, "document_shared")
    assert notification.url == f"/partners/deal-room/{document.token}/"
    _assert_three_languages(notification, "Bob Seimitsu", "Tool drawings")


def test_an_accepted_nda_reaches_the_owner_once(conversation, alice, alice_colleague, bob, carol):
    document = deals.document_share(
        conversation=conversation, by_user=bob, title="Tool drawings", upload=pdf()
    )
    deals.nda_accept(document=document, by_user=alice, ip_address=None, language="en")
    deals.nda_accept(document=document, by_user=alice_colleague, ip_address=None, language="en")
    _assert_reached_only([bob], "nda_accepted", nobody_else=[alice, alice_colleague, carol])
    _assert_three_languages(_only(bob, "nda_accepted"), "Alice Auto Parts", "Tool drawings")


def test_an_outcome_reaches_the_other_side_in_its_language(
    conversation, alice, alice_colleague, bob, carol
):
    outcomes.outcome_record(conversation=conversation, by_user=bob, kind="mou")
    _assert_reached_only([alice, alice_colleague], "outcome_recorded", nobody_else=[bob, carol])
    notification = _only(alice, "outcome_recorded")
    assert notification.url == f"/partners/conversations/{conversation.pk}/"
    _assert_three_languages(notification, "Bob Seimitsu", "MoU signed")
