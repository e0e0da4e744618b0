"""iCalendar for meetings (the `icalendar` package): invitations and the personal feed.

An invitation is a VCALENDAR with METHOD:REQUEST (or METHOD:CANCEL), one VEVENT whose UID is
the meeting's and never changes, times in UTC, and a SEQUENCE that grows with every
reschedule and with the cancellation, so calendars replace the event instead of adding one.
The forum's mailbox is the ORGANIZER: it sends every update, so calendars accept them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from matchmaking.partnerships.models import Meeting, MeetingMode, MeetingStatus

PRODID = "-//India-Japan SME Forum//Partnerships//EN"


def _organiser() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = vCalAddress(f"mailto:{address}")
    organiser.params["CN"] = vText(name or "India–Japan SME Forum")
    return organiser


def _event(meeting: Meeting, attendees: Iterable, *, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@ijsme-forum")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    description = meeting.note or ""
    if meeting.mode == MeetingMode.ONLINE and meeting.url:
        event.add("url", meeting.url)
        event.add("location", meeting.url)
        description = f"{meeting.url}\n\n{description}".strip()
    elif meeting.address:
        event.add("location", meeting.address)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _organiser())
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["CN"] = vText(person.full_name or person.email)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    return event


def invitation_ics(meeting: Meeting, attendees: Iterable, *, method: str) -> bytes:
    """METHOD:REQUEST for an accepted or moved meeting, METHOD:CANCEL for a cancelled one."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(_event(meeting, attendees, cancelled=method == "CANCEL"))
    return calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], attendees_of) -> bytes:
    """A subscribable feed (METHOD:PUBLISH) of a person's scheduled and cancelled meetings."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "India–Japan SME Forum")
    for meeting in meetings:
        if meeting.starts_at is None:
            continue
        calendar.add_component(
            _event(
                meeting,
                attendees_of(meeting),
                cancelled=meeting.status == MeetingStatus.CANCELLED,
            )
        )
    return calendar.to_ical()
