"""Meetings: propose, accept, counter, move, cancel, record; iCalendar parsed back; invitations
and reminders exactly once under retried tasks; the signed, revocable calendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from matchmaking.partnerships.feeds import feed_token, feed_user
from matchmaking.partnerships.models import InvitationMail, Reminder
from matchmaking.partnerships.services import meetings as service
from matchmaking.partnerships.tasks import meeting_invitations_send, meeting_reminder_tick
from matchmaking.partnerships.tests.helpers import next_weekday_utc

pytestmark = pytest.mark.django_db


def _propose(conversation, user, *starts, minutes=45):
    return service.meeting_propose(
        conversation=conversation,
        by_user=user,
        title="Gear tooling",
        starts=list(starts) or [next_weekday_utc(4, 0)],
        duration_minutes=minutes,
        mode="online",
        url="https://meet.example/abc",
    )


def _ics(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _event(calendar: Calendar):
    return next(iter(calendar.walk("VEVENT")))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Tasks are queued on commit: run them as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def accepted(conversation, alice, bob, alice_colleague, commit):
    start = next_weekday_utc(4, 0)
    meeting = _propose(conversation, alice, start, start + timedelta(days=1))
    mail.outbox.clear()
    with commit():
        return service.meeting_accept(
            meeting=meeting, by_user=bob, slot_id=meeting.slots.order_by("starts_at").first().pk
        )


def test_it_keeps_up_to_three_slots(conversation, alice):
    base = next_weekday_utc(4, 0)
    meeting = _propose(
        conversation, alice, base, base + timedelta(days=1), base + timedelta(days=2)
    )
    assert meeting.slots.count() == 3
    with pytest.raises(ValidationError):
        _propose(conversation, alice, *(base + timedelta(days=n) for n in range(4)))


@pytest.mark.parametrize("minutes", [15, 90])
def test_it_refuses_other_durations(conversation, alice, minutes):
    with pytest.raises(ValidationError):
        _propose(conversation, alice, minutes=minutes)


def test_it_refuses_times_in_the_past(conversation, alice):
    with pytest.raises(ValidationError):
        _propose(conversation, alice, timezone.now() - timedelta(hours=1))


def test_in_person_needs_an_address(conversation, alice):
    with pytest.raises(ValidationError):
        service.meeting_propose(
            conversation=conversation,
            by_user=alice,
            title="Visit",
            starts=[next_weekday_utc(4, 0)],
            duration_minutes=60,
            mode="in_person",
        )


def test_the_proposer_cannot_accept_its_own_proposal(conversation, alice):
    meeting = _propose(conversation, alice)
    with pytest.raises(PermissionDenied):
        service.meeting_accept(meeting=meeting, by_user=alice, slot_id=meeting.slots.get().pk)


def test_a_proposal_on_republic_day_is_allowed_with_a_warning(conversation, alice, client):
    from datetime import UTC, datetime

    republic_day = datetime(2027, 1, 26, 5, 0, tzinfo=UTC)
    warnings = service.slot_warnings(conversation, [republic_day], 30)
    assert any("Republic Day" in w and "Alice Auto Parts" in w for w in warnings)
    client.force_login(alice)
    url = reverse("partnerships:meeting_new", args=[conversation.pk])
    data = {
        "title": "Kick-off",
        "duration_minutes": "30",
        "mode": "online",
        "url": "https://meet.example/x",
        "slot_1": "2027-01-26T10:30",  # alice types IST
    }
    first = client.post(url, data)
    assert first.status_code == 200 and "Republic Day" in first.content.decode()
    assert not conversation.meetings.exists()
    second = client.post(url, {**data, "confirm": "on"})
    assert second.status_code == 302
    assert conversation.meetings.get().slots.get().starts_at == republic_day


def test_the_form_suggests_slots_in_both_zones(conversation, alice, client):
    client.force_login(alice)
    page = client.get(reverse("partnerships:meeting_new", args=[conversation.pk])).content.decode()
    assert "IST / " in page and " JST" in page  # alice's own zone first
    assert 'name="suggested"' in page


def test_accepting_sends_each_attendee_one_request(accepted, alice, bob, alice_colleague):
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [alice.email, bob.email, alice_colleague.email]
    )
    calendar = _ics(mail.outbox[0])
    assert calendar["METHOD"] == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == f"{accepted.uid}@ijsme-forum"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == accepted.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "ORGANIZER" in event
    attendees = event["ATTENDEE"]
    assert {str(a).removeprefix("mailto:") for a in attendees} >= {alice.email, bob.email}
    for attendee in attendees:
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"


def test_a_retried_invitation_task_sends_nothing_more(accepted):
    sent = len(mail.outbox)
    assert meeting_invitations_send.apply(args=[accepted.pk]).get() == 0
    assert len(mail.outbox) == sent
    assert InvitationMail.objects.filter(meeting=accepted, sent_at=None).count() == 0


def test_bobs_invitation_is_in_japanese_with_both_clocks(accepted, bob):
    message = next(m for m in mail.outbox if m.to == [bob.email])
    assert "JST" in message.subject and "IST" in message.subject
    assert "招待" in message.subject


def _reschedule(meeting, user, *starts, note="Our plant visit moved"):
    return service.meeting_reschedule(
        meeting=meeting,
        by_user=user,
        starts=list(starts) or [meeting.starts_at + timedelta(days=7)],
        note=note,
    )


def _accept_current(meeting, user):
    slot = meeting.slots.filter(is_current=True).order_by("starts_at").first()
    return service.meeting_accept(meeting=meeting, by_user=user, slot_id=slot.pk)


def test_a_reschedule_waits_for_the_other_side_and_keeps_the_agreed_time(accepted, bob, commit):
    agreed = accepted.starts_at
    mail.outbox.clear()
    with commit():
        moving = _reschedule(accepted, bob)
    assert moving.status == "rescheduling"
    assert (moving.starts_at, moving.sequence) == (agreed, 0)
    assert moving.proposed_by_org == bob.organisation
    assert [s.starts_at for s in moving.slots.filter(is_current=True)] == [agreed + timedelta(7)]
    # Calendars keep the agreed time: no invitation goes out for a proposal.
    assert not [m for m in mail.outbox if m.attachments]
    assert not InvitationMail.objects.filter(meeting=accepted, sequence__gt=0).exists()


def test_accepting_the_new_time_sends_the_update_with_a_higher_sequence(
    accepted, alice, bob, commit
):
    moving = _reschedule(accepted, bob)
    mail.outbox.clear()
    with commit():
        moved = _accept_current(moving, alice)
    assert (moved.status, moved.sequence) == ("accepted", 1)
    assert len(mail.outbox) == 3  # alice, her colleague and bob: every attendee
    for message in mail.outbox:
        calendar = _ics(message)
        assert calendar["METHOD"] == "REQUEST"
        event = _event(calendar)
        assert str(event["UID"]) == f"{accepted.uid}@ijsme-forum"
        assert event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == accepted.starts_at + timedelta(days=7)


def test_the_proposer_cannot_accept_their_own_new_time(accepted, bob, alice_colleague):
    moving = _reschedule(accepted, alice_colleague)
    with pytest.raises(PermissionDenied):
        _accept_current(moving, alice_colleague)
    assert _accept_current(moving, bob).status == "accepted"


def test_only_an_agreed_meeting_can_be_rescheduled(conversation, accepted, alice, bob):
    with pytest.raises(ValidationError):
        _reschedule(_propose(conversation, alice), alice, next_weekday_utc(5, 0))
    moving = _reschedule(accepted, alice)
    with pytest.raises(ValidationError):  # already waiting: bob answers, or counters
        _reschedule(moving, bob)


def test_a_reschedule_needs_a_reason_and_at_most_three_future_times(accepted, alice):
    with pytest.raises(ValidationError):
        _reschedule(accepted, alice, note=" ")
    with pytest.raises(ValidationError):
        _reschedule(accepted, alice, timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        _reschedule(accepted, alice, *(accepted.starts_at + timedelta(days=n) for n in range(4)))


def test_a_counter_to_a_reschedule_keeps_the_agreed_time(accepted, alice, bob):
    moving = _reschedule(accepted, alice)
    other = accepted.starts_at + timedelta(days=9)
    countered = service.meeting_counter(meeting=moving, by_user=bob, starts=[other])
    assert countered.status == "rescheduling" and countered.starts_at == accepted.starts_at
    moved = _accept_current(countered, alice)
    assert (moved.starts_at, moved.sequence) == (other, 1)


@pytest.mark.parametrize("who", ["bob", "alice"])  # the side asked declines; the asker withdraws
def test_keeping_the_agreed_time_ends_the_move_without_mail(accepted, alice, bob, commit, who):
    moving = _reschedule(accepted, alice)
    mail.outbox.clear()
    with commit():
        kept = service.meeting_keep_time(meeting=moving, by_user={"alice": alice, "bob": bob}[who])
    assert (kept.status, kept.starts_at, kept.sequence) == ("accepted", accepted.starts_at, 0)
    assert not kept.slots.filter(is_current=True).exists()
    assert not [m for m in mail.outbox if m.attachments]  # calendars never changed
    with pytest.raises(ValidationError):  # nothing waits any more
        service.meeting_keep_time(meeting=kept, by_user=bob)


def test_keeping_the_time_from_the_meeting_page(accepted, alice, bob, client):
    moving = _reschedule(accepted, alice)
    client.force_login(bob)
    page = client.get(reverse("partnerships:meeting", args=[moving.pk])).content.decode()
    url = reverse("partnerships:meeting_keep_time", args=[moving.pk])
    assert url in page
    assert client.post(url).status_code == 302
    moving.refresh_from_db()
    assert moving.status == "accepted"


def test_cancelling_sends_cancel_with_a_higher_sequence(accepted, alice, bob, commit):
    with commit():
        _accept_current(_reschedule(accepted, alice), bob)
    mail.outbox.clear()
    with commit():
        service.meeting_cancel(meeting=accepted, by_user=alice, note="Plans changed")
    calendar = _ics(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    event = _event(calendar)
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CANCELLED"


def test_cancelling_while_a_new_time_waits_cancels_the_agreed_one(accepted, alice, commit):
    moving = _reschedule(accepted, alice)
    mail.outbox.clear()
    with commit():
        service.meeting_cancel(meeting=moving, by_user=alice, note="Plans changed")
    event = _event(_ics(mail.outbox[0]))
    assert (event["SEQUENCE"], event["STATUS"]) == (1, "CANCELLED")
    assert event.decoded("DTSTART") == accepted.starts_at


def test_cancelling_needs_a_note(accepted, alice):
    with pytest.raises(ValidationError):
        service.meeting_cancel(meeting=accepted, by_user=alice, note=" ")


def test_a_counter_proposal_hands_the_answer_back(conversation, alice, bob):
    meeting = _propose(conversation, alice)
    other = next_weekday_utc(5, 0, days_ahead=10)
    meeting = service.meeting_counter(meeting=meeting, by_user=bob, starts=[other])
    assert meeting.proposed_by_org == bob.organisation
    current = meeting.slots.filter(is_current=True)
    assert [s.starts_at for s in current] == [other]
    service.meeting_accept(meeting=meeting, by_user=alice, slot_id=current.get().pk)
    meeting.refresh_from_db()
    assert meeting.starts_at == other


def test_each_side_records_what_happened_after_the_meeting(accepted, alice, bob):
    with pytest.raises(ValidationError):
        service.meeting_record(meeting=accepted, by_user=alice, held=True)
    accepted.starts_at = timezone.now() - timedelta(hours=2)
    accepted.save(update_fields=["starts_at"])
    service.meeting_record(meeting=accepted, by_user=alice, held=True)
    service.meeting_record(meeting=accepted, by_user=bob, held=False)
    assert {r.organisation_id: r.held for r in accepted.records.all()} == {
        alice.organisation_id: True,
        bob.organisation_id: False,
    }


def test_reminders_24h_and_1h_are_sent_once_under_a_retried_task(accepted, alice, bob):
    now = accepted.starts_at - timedelta(hours=23)
    assert service.reminders_send(now=now) == 3  # alice, her colleague and bob
    assert service.reminders_send(now=now) == 0
    assert service.reminders_send(now=accepted.starts_at - timedelta(minutes=50)) == 3
    assert service.reminders_send(now=accepted.starts_at - timedelta(minutes=40)) == 0
    assert Reminder.objects.filter(meeting=accepted).count() == 6


def test_the_reminder_task_retried_mails_nothing_twice(accepted, monkeypatch):
    from matchmaking.partnerships.services import meetings as module

    mail.outbox.clear()
    now = accepted.starts_at - timedelta(minutes=30)
    monkeypatch.setattr(module.timezone, "now", lambda: now)
    first = meeting_reminder_tick.apply().get()
    retried = meeting_reminder_tick.apply().get()
    assert first == len(mail.outbox) and first > 0
    assert retried == 0
    bob_mail = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    assert len(bob_mail) == 1 and "JST" in bob_mail[0].subject


def test_a_moved_meeting_is_reminded_again_for_its_new_time(accepted, alice, bob):
    service.reminders_send(now=accepted.starts_at - timedelta(minutes=30))
    new_start = accepted.starts_at + timedelta(days=2)
    _accept_current(_reschedule(accepted, alice, new_start), bob)
    assert service.reminders_send(now=new_start - timedelta(minutes=30)) > 0


def test_the_agreed_time_is_still_reminded_while_a_new_one_waits(accepted, alice):
    _reschedule(accepted, alice)
    assert service.reminders_send(now=accepted.starts_at - timedelta(minutes=30)) == 3


def test_the_feed_keeps_the_agreed_time_while_a_new_one_waits(accepted, alice, bob, client):
    _reschedule(accepted, alice)
    token = feed_token(service.calendar_feed_rotate(by_user=bob))
    response = client.get(reverse("partnerships:calendar_feed", kwargs={"token": token}))
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == accepted.starts_at and event["SEQUENCE"] == 0


def test_rescheduling_from_the_meeting_page(accepted, alice, bob, client):
    page = reverse("partnerships:meeting", args=[accepted.pk])
    client.force_login(alice)
    new_start = accepted.starts_at + timedelta(days=1)
    response = client.post(
        reverse("partnerships:meeting_reschedule", args=[accepted.pk]),
        {"suggested": new_start.isoformat(), "note": "Plant visit", "confirm": "on"},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "rescheduling"
    own = client.get(page).content.decode()
    assert "meeting-moving" in own
    assert reverse("partnerships:meeting_accept", args=[accepted.pk]) not in own
    client.force_login(bob)
    theirs = client.get(page).content.decode()
    assert reverse("partnerships:meeting_accept", args=[accepted.pk]) in theirs
    slot = accepted.slots.get(is_current=True)
    client.post(reverse("partnerships:meeting_accept", args=[accepted.pk]), {"slot": slot.pk})
    accepted.refresh_from_db()
    assert (accepted.status, accepted.starts_at, accepted.sequence) == ("accepted", new_start, 1)


def test_a_reschedule_without_a_reason_is_refused_on_the_page(accepted, alice, client):
    client.force_login(alice)
    response = client.post(
        reverse("partnerships:meeting_reschedule", args=[accepted.pk]),
        {"slot_1": "2030-01-08T10:00"},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


def test_the_calendar_feed_is_signed_and_revocable(accepted, bob, client):
    feed = service.calendar_feed_rotate(by_user=bob)
    token = feed_token(feed)
    url = reverse("partnerships:calendar_feed", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{accepted.uid}@ijsme-forum"]
    assert client.get(url.replace(token[-6:], "AAAAAA")).status_code == 404
    service.calendar_feed_rotate(by_user=bob)
    assert feed_user(token) is None
    assert client.get(url).status_code == 404


def test_working_hours_are_edited_by_the_owner_only(alice, alice_colleague):
    from datetime import time

    with pytest.raises(PermissionDenied):
        service.working_hours_save(
            organisation=alice.organisation,
            by_user=alice_colleague,
            starts=time(10),
            ends=time(17),
            timezone_name="Asia/Kolkata",
        )
    with pytest.raises(ValidationError):
        service.working_hours_save(
            organisation=alice.organisation,
            by_user=alice,
            starts=time(17),
            ends=time(10),
            timezone_name="Asia/Kolkata",
        )
    saved = service.working_hours_save(
        organisation=alice.organisation,
        by_user=alice,
        starts=time(10),
        ends=time(17),
        timezone_name="Asia/Kolkata",
    )
    assert (saved.starts, saved.ends) == (time(10), time(17))


def test_bad_input_is_a_form_error_not_a_500(conversation, alice, client, api_client):
    client.force_login(alice)
    response = client.post(
        reverse("partnerships:meeting_new", args=[conversation.pk]),
        {
            "title": "x",
            "duration_minutes": "abc",
            "mode": "online",
            "slot_1": "nonsense",
            "suggested": "not-a-date",
        },
    )
    assert response.status_code == 200 and not conversation.meetings.exists()
    api_client.force_authenticate(alice)
    bad = api_client.post(
        "/api/v1/meetings/",
        {"conversation": conversation.pk, "title": "x", "starts": ["garbage"], "mode": "online"},
        format="json",
    )
    assert bad.status_code == 400 and "starts" in bad.json()["error"]["fields"]


def test_a_suggestion_offered_a_moment_ago_is_still_accepted(conversation, alice, client):
    client.force_login(alice)
    start = next_weekday_utc(4, 30)
    response = client.post(
        reverse("partnerships:meeting_new", args=[conversation.pk]),
        {
            "title": "Call",
            "duration_minutes": "30",
            "mode": "online",
            "url": "https://meet.example/c",
            "suggested": start.isoformat(),
        },
    )
    assert response.status_code == 302
    assert conversation.meetings.get().slots.get().starts_at == start
