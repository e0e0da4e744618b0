"""The permission matrix of partnerships (tests/matrix.py): every write of conversations,
messages and their attachments, meetings, the deal room, outcomes and blocks, HTML and API.

alice (`owner`) is on one side of the conversation with bob; carol's organisation (`other`) is
on neither; a silenced member of alice's side may read but not write; a suspended one may do
nothing. Deciding a reported message (in the forum's moderation queue, page and API) is
staff-only: staff whose session passed two-factor (`owner`), a member (`other`), the same staff
with a password-only session (`no_mfa`).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from matchmaking.partnerships.models import Meeting
from matchmaking.partnerships.services import conversations, deals, meetings
from matchmaking.partnerships.tests.helpers import next_weekday_utc, pdf
from tests.matrix import Write, cases, check, covered

PEOPLE = {
    "owner": "alice",
    "other": "carol",
    "anon": None,
    "silenced": "silenced",
    "suspended": "suspended",
}
STAFF = {"owner": "admin_user", "other": "alice", "no_mfa": "admin_user"}


def _propose(conversation, by_user, hour):
    return meetings.meeting_propose(
        conversation=conversation, by_user=by_user, title="Call",
        starts=[next_weekday_utc(hour, 0)], duration_minutes=30, mode="online",
        url="https://meet.example/a",
    )  # fmt: skip


@pytest.fixture
def world(conversation, alice, bob, carol, silenced, suspended):
    message = conversations.message_post(conversation=conversation, by_user=bob, body="Hello")
    proposed = _propose(conversation, bob, 4)
    accepted = _propose(conversation, bob, 5)
    meetings.meeting_accept(meeting=accepted, by_user=alice, slot_id=accepted.slots.get().pk)
    moving = _propose(conversation, bob, 7)
    meetings.meeting_accept(meeting=moving, by_user=alice, slot_id=moving.slots.get().pk)
    meetings.meeting_reschedule(
        meeting=moving, by_user=bob, starts=[next_weekday_utc(8, 0, days_ahead=21)], note="Clash"
    )
    held = _propose(conversation, bob, 6)
    meetings.meeting_accept(meeting=held, by_user=alice, slot_id=held.slots.get().pk)
    past = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=held.pk).update(starts_at=past)
    theirs = deals.document_share(
        conversation=conversation, by_user=bob, title="Plan", upload=pdf()
    )
    ours = deals.document_share(
        conversation=conversation, by_user=alice, title="Ours", upload=pdf()
    )
    conversations.message_report(message=message, by_user=alice, reason="spam")
    return {
        "conversation": conversation,
        "message": message,
        "proposed": proposed,
        "slot": proposed.slots.get(),
        "accepted": accepted,
        "held": held,
        "theirs": theirs,
        "ours": ours,
        "moving": moving,
        "flagged": "partnerships.message",  # the moderation queue's key of a partner message
    }


def _later(hour: int = 7) -> str:
    return next_weekday_utc(hour, 0, days_ahead=14).isoformat()


def _meeting_form(world) -> dict:
    start = next_weekday_utc(4, 0, days_ahead=14).astimezone(timezone.get_fixed_timezone(330))
    return {
        "title": "Kick-off", "duration_minutes": "30", "mode": "online",
        "url": "https://meet.example/x", "slot_1": start.strftime("%Y-%m-%dT%H:%M"),
        "confirm": "on",
    }  # fmt: skip


def _counter_form(world) -> dict:
    start = next_weekday_utc(5, 0, days_ahead=14).astimezone(timezone.get_fixed_timezone(330))
    return {"slot_1": start.strftime("%Y-%m-%dT%H:%M"), "confirm": "on", "note": "Later?"}


def _reschedule_form(world) -> dict:
    start = next_weekday_utc(6, 0, days_ahead=21).astimezone(timezone.get_fixed_timezone(330))
    return {"slot_1": start.strftime("%Y-%m-%dT%H:%M"), "confirm": "on", "note": "A clash"}


def _document_form(world) -> dict:
    return {"title": "Drawings", "file": pdf(), "nda_kind": "standard"}


MEMBER = dict(owner=302, other=403, anon=302, silenced=403, suspended=403)
# The API does not tell a third organisation that the conversation exists (404).
HTML = [
    Write("message", "/partners/conversations/{conversation.pk}/", {"body": "New message"},
          expect=MEMBER),
    Write("block", "/partners/conversations/{conversation.pk}/block/",
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("outcome", "/partners/conversations/{conversation.pk}/outcome/", {"kind": "talking"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("report", "/partners/messages/{message.pk}/report/", {"reason": "abusive"},
          who={"owner": "alice_colleague"},
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("meeting new", "/partners/conversations/{conversation.pk}/meetings/new/",
          _meeting_form, expect=MEMBER),
    Write("meeting accept", "/partners/meetings/{proposed.pk}/accept/",
          lambda w: {"slot": w["slot"].pk},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("meeting counter", "/partners/meetings/{proposed.pk}/counter/", _counter_form,
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("meeting reschedule", "/partners/meetings/{accepted.pk}/reschedule/",
          _reschedule_form,
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("meeting keep time", "/partners/meetings/{moving.pk}/keep-time/",
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("meeting cancel", "/partners/meetings/{accepted.pk}/cancel/", {"note": "Ill"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("meeting record", "/partners/meetings/{held.pk}/record/", {"held": "yes"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("working hours", "/partners/working-hours/",
          {"starts": "08:00", "ends": "17:00", "timezone": "Asia/Kolkata"},
          expect=dict(owner=302, other=302, anon=302, silenced=403, suspended=403)),
    Write("calendar feed", "/partners/calendar/",
          expect=dict(owner=302, other=302, anon=302, silenced=302, suspended=403)),
    Write("document new", "/partners/conversations/{conversation.pk}/documents/new/",
          _document_form, expect=MEMBER),
    Write("nda accept", "/partners/deal-room/{theirs.token}/accept/", {"agree": "yes"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("document revoke", "/partners/deal-room/{ours.token}/revoke/",
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("report decide", "/forum/moderation/flagged/{flagged}/{message.pk}/",
          {"decision": "hide", "reason": "advertising"}, who=STAFF, staff_only=True,
          expect=dict(owner=302, other=403, anon=403, no_mfa=403)),  # the forum's moderation
]  # fmt: skip

API_MEMBER = dict(owner=201, other=404, anon=401, silenced=403, suspended=401)
API = [
    Write("api message", "/api/v1/conversations/{conversation.pk}/messages/",
          {"body": "New message"}, api=True, expect=API_MEMBER),
    Write("api attachment", "/api/v1/conversations/{conversation.pk}/messages/",
          lambda w: {"body": "See the drawing", "files": [pdf()]}, api=True, multipart=True,
          expect=API_MEMBER),
    Write("api read", "/api/v1/conversations/{conversation.pk}/read/", api=True,
          expect=dict(owner=204, other=404, anon=401, silenced=204, suspended=401)),
    Write("api block", "/api/v1/conversations/{conversation.pk}/block/", api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=200, suspended=401)),
    Write("api report", "/api/v1/messages/{message.pk}/report/", {"reason": "abusive"}, api=True,
          who={"owner": "alice_colleague"},
          expect=dict(owner=201, other=404, anon=401, silenced=201, suspended=401)),
    Write("api meeting", "/api/v1/meetings/",
          lambda w: {"conversation": w["conversation"].pk, "title": "Kick-off",
                     "starts": [_later()], "duration_minutes": 30, "mode": "online",
                     "url": "https://meet.example/x"},
          api=True, expect=dict(owner=201, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting accept", "/api/v1/meetings/{proposed.pk}/accept/",
          lambda w: {"slot": w["slot"].pk}, api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting counter", "/api/v1/meetings/{proposed.pk}/counter/",
          lambda w: {"starts": [_later(8)], "note": "Later?"}, api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting reschedule", "/api/v1/meetings/{accepted.pk}/reschedule/",
          lambda w: {"starts": [_later(9)], "note": "A clash"}, api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting keep time", "/api/v1/meetings/{moving.pk}/keep-time/", api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting cancel", "/api/v1/meetings/{accepted.pk}/cancel/", {"note": "Ill"},
          api=True, expect=dict(owner=200, other=404, anon=401, silenced=403, suspended=401)),
    Write("api meeting record", "/api/v1/meetings/{held.pk}/record/", {"held": True},
          api=True, expect=dict(owner=204, other=404, anon=401, silenced=403, suspended=401)),
    Write("api calendar feed", "/api/v1/calendar-feed/", api=True,
          expect=dict(owner=200, other=200, anon=401, silenced=200, suspended=401)),
    Write("api document", "/api/v1/deal-room/",
          lambda w: {"conversation": w["conversation"].pk, "title": "Drawings", "file": pdf()},
          api=True, multipart=True,
          expect=dict(owner=201, other=404, anon=401, silenced=403, suspended=401)),
    Write("api nda accept", "/api/v1/deal-room/{theirs.token}/accept/", api=True,
          expect=dict(owner=201, other=404, anon=401, silenced=403, suspended=401)),
    Write("api document revoke", "/api/v1/deal-room/{ours.token}/revoke/", api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=200, suspended=401)),
    Write("api report decide",
          "/api/v1/forum/moderation/flagged/{flagged}/{message.pk}/",
          {"decision": "hide", "reason": "advertising"}, api=True, who=STAFF, staff_only=True,
          expect=dict(owner=200, other=403, anon=401, no_mfa=403)),
    Write("api outcome", "/api/v1/outcomes/",
          lambda w: {"conversation": w["conversation"].pk, "kind": "talking"}, api=True,
          expect=dict(owner=201, other=404, anon=401, silenced=403, suspended=401)),
]  # fmt: skip

WRITES = HTML + API
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
