"""Meetings: propose up to three slots, accept one or counter-propose, reschedule, cancel,
record what happened; invitations and reminders, each mailed exactly once.

Rescheduling is a proposal like the first one: the side that wants to move an accepted
meeting proposes new times and the other side accepts one (or proposes others). Until then
the agreed time stands and calendars keep it; the updated invitation, with a higher
SEQUENCE, goes out only when a new time is accepted (docs/partnerships.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import check_signed_in
from forum.outbox import send_after_commit
from matchmaking.partnerships import hours
from matchmaking.partnerships.models import (
    ANSWERABLE,
    DURATIONS,
    CalendarFeed,
    Conversation,
    InvitationMail,
    Meeting,
    MeetingMode,
    MeetingRecord,
    MeetingSlot,
    MeetingStatus,
    Reminder,
    WorkingHours,
)
from matchmaking.partnerships.permissions import check_can_edit_hours, check_can_write
from matchmaking.partnerships.selectors import attendees, sides_for
from matchmaking.partnerships.services.ics import invitation_ics
from matchmaking.partnerships.services.notify import notify_other_side, short_note

MAX_SLOTS = 3
REMINDERS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))


def _queue_invitations(meeting_id: int) -> None:
    # tasks import the services; the services queue the task (a real cycle, hence local)
    from matchmaking.partnerships.tasks import meeting_invitations_send

    send_after_commit(meeting_invitations_send, meeting_id)  # forum.outbox: never lost


def slot_warnings(
    conversation: Conversation, starts: Sequence[datetime], minutes: int
) -> list[str]:
    """Readable warnings (not refusals): a slot on a weekend, a holiday or outside hours."""
    sides = sides_for(conversation)
    names = {
        id(side): org.display_name
        for side, org in zip(
            sides, (conversation.organisation_a, conversation.organisation_b), strict=True
        )
    }
    language = translation.get_language() or "en"
    warnings = []
    for start in starts:
        when = hours.both_zones(start, minutes, [s.timezone for s in sides])
        for side, problem in hours.slot_problems(sides, start, minutes, language):
            if problem == "weekend":
                text = _("%(when)s falls on a weekend for %(org)s.")
            elif problem == "hours":
                text = _("%(when)s is outside the working hours of %(org)s.")
            else:
                text = _("%(when)s is a public holiday for %(org)s: %(holiday)s.")
            warnings.append(
                text % {"when": when, "org": names[id(side)], "holiday": problem.partition(":")[2]}
            )
    return warnings


def _check_starts(starts: Sequence[datetime], *, limit: int = MAX_SLOTS) -> list[datetime]:
    starts = sorted(set(starts))
    if not starts:
        raise ValidationError({"starts": [_("Propose at least one time.")]})
    if len(starts) > limit:
        raise ValidationError({"starts": [_("Propose at most %(n)d times.") % {"n": limit}]})
    now = timezone.now()
    if any(timezone.is_naive(s) for s in starts):
        raise ValidationError({"starts": [_("Give each time with its time zone.")]})
    if any(s <= now for s in starts):
        raise ValidationError({"starts": [_("Propose times in the future.")]})
    return starts


def _check_place(mode: str, url: str, address: str) -> None:
    if mode not in MeetingMode.values:
        raise ValidationError({"mode": [_("Choose online or in person.")]})
    if mode == MeetingMode.ONLINE and not url:
        raise ValidationError({"url": [_("Give the meeting link.")]})
    if mode == MeetingMode.IN_PERSON and not (address or "").strip():
        raise ValidationError({"address": [_("Give the address.")]})


@transaction.atomic
def meeting_propose(
    *,
    conversation: Conversation,
    by_user: Any,
    title: str,
    starts: Sequence[datetime],
    duration_minutes: int,
    mode: str,
    url: str = "",
    address: str = "",
    note: str = "",
) -> Meeting:
    organisation = check_can_write(by_user, conversation)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the meeting a title.")]})
    if duration_minutes not in dict(DURATIONS):
        raise ValidationError({"duration_minutes": [_("Choose 30, 45 or 60 minutes.")]})
    _check_place(mode, url, address)
    starts = _check_starts(starts)
    meeting = Meeting(
        conversation=conversation,
        proposed_by=by_user,
        proposed_by_org=organisation,
        title=title[:200],
        duration_minutes=duration_minutes,
        mode=mode,
        url=url if mode == MeetingMode.ONLINE else "",
        address=(address or "").strip() if mode == MeetingMode.IN_PERSON else "",
        note=(note or "").strip()[:2000],
    )
    meeting.full_clean(exclude=["proposed_by", "conversation", "proposed_by_org"])
    meeting.save()
    MeetingSlot.objects.bulk_create([MeetingSlot(meeting=meeting, starts_at=s) for s in starts])
    _notify(meeting, organisation, "meeting_proposed")
    return meeting


def _notify(meeting: Meeting, actor: Organisation, kind: str, *, note: str | None = None) -> None:
    params = {"meeting": meeting.title}
    if note is not None:
        params["note"] = short_note(note)
    notify_other_side(
        conversation=meeting.conversation,
        actor=actor,
        kind=kind,
        url=reverse("partnerships:meeting", kwargs={"pk": meeting.pk}),
        params=params,
    )


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("conversation").get(pk=meeting.pk)


def _record_invitations(meeting: Meeting, method: str) -> None:
    InvitationMail.objects.bulk_create(
        [
            InvitationMail(meeting=meeting, user=user, sequence=meeting.sequence, method=method)
            for user in attendees(meeting.conversation)
        ],
        ignore_conflicts=True,
    )
    _queue_invitations(meeting.pk)


def _check_answering(meeting: Meeting, organisation: Organisation) -> None:
    if meeting.status not in ANSWERABLE:
        raise ValidationError(_("This meeting is no longer waiting for an answer."))
    if meeting.proposed_by_org_id == organisation.pk:
        raise PermissionDenied(_("The other side answers your proposal."))


def _new_round(meeting: Meeting, starts: Sequence[datetime], by_user: Any, organisation) -> None:
    """The given times become the current slots, proposed by `organisation`."""
    meeting.slots.update(is_current=False)
    MeetingSlot.objects.bulk_create([MeetingSlot(meeting=meeting, starts_at=s) for s in starts])
    meeting.proposed_by = by_user
    meeting.proposed_by_org = organisation


@transaction.atomic
def meeting_accept(*, meeting: Meeting, by_user: Any, slot_id: int) -> Meeting:
    """The side that did not propose picks one of the current slots; invitations go out.

    Accepting a new time of a meeting being rescheduled moves it: SEQUENCE grows and every
    attendee gets the updated REQUEST, so calendars move the event they already have."""
    organisation = check_can_write(by_user, meeting.conversation)
    meeting = _locked(meeting)
    _check_answering(meeting, organisation)
    slot = meeting.slots.filter(pk=slot_id, is_current=True).first()
    if slot is None:
        raise ValidationError({"slot": [_("Choose one of the proposed times.")]})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": [_("This time has already passed.")]})
    moved = meeting.status == MeetingStatus.RESCHEDULING
    meeting.status = MeetingStatus.ACCEPTED
    meeting.starts_at = slot.starts_at
    if moved:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "starts_at", "sequence", "updated_at"])
    _record_invitations(meeting, "REQUEST")
    _notify(meeting, organisation, "meeting_rescheduled" if moved else "meeting_accepted")
    return meeting


@transaction.atomic
def meeting_counter(
    *, meeting: Meeting, by_user: Any, starts: Sequence[datetime], note: str = ""
) -> Meeting:
    """The answering side proposes other times instead; now the first side answers. A meeting
    being rescheduled stays so: its agreed time still stands until a time is accepted."""
    organisation = check_can_write(by_user, meeting.conversation)
    meeting = _locked(meeting)
    _check_answering(meeting, organisation)
    starts = _check_starts(starts)
    _new_round(meeting, starts, by_user, organisation)
    if note.strip():
        meeting.note = note.strip()[:2000]
    meeting.save(update_fields=["proposed_by", "proposed_by_org", "note", "updated_at"])
    _notify(meeting, organisation, "meeting_countered")
    return meeting


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, by_user: Any, starts: Sequence[datetime], note: str
) -> Meeting:
    """Ask to move an accepted meeting to one of up to three new times, with a note.

    The meeting waits for the other side again (`rescheduling`); the proposer cannot accept
    their own times. No invitation goes out yet: the agreed time stays in everyone's
    calendar until the other side accepts a new one (`meeting_accept`)."""
    organisation = check_can_write(by_user, meeting.conversation)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted meeting can be rescheduled."))
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say why the meeting moves.")]})
    starts = _check_starts(starts)
    _new_round(meeting, starts, by_user, organisation)
    meeting.status = MeetingStatus.RESCHEDULING
    meeting.note = note.strip()[:2000]
    meeting.save(update_fields=["status", "proposed_by", "proposed_by_org", "note", "updated_at"])
    _notify(meeting, organisation, "meeting_reschedule_proposed", note=meeting.note)
    return meeting


@transaction.atomic
def meeting_keep_time(*, meeting: Meeting, by_user: Any) -> Meeting:
    """Either side ends a pending move: the side asked declines it, or the side that asked
    withdraws it. The meeting is agreed at its time again; calendars never changed, so no
    invitation goes out."""
    organisation = check_can_write(by_user, meeting.conversation)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.RESCHEDULING:
        raise ValidationError(_("No new time is waiting for an answer."))
    meeting.slots.update(is_current=False)
    meeting.status = MeetingStatus.ACCEPTED
    meeting.save(update_fields=["status", "updated_at"])
    _notify(meeting, organisation, "meeting_time_kept")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by_user: Any, note: str) -> Meeting:
    """Cancel with a note. A meeting that is in calendars (accepted, or being rescheduled:
    its agreed time still stands) sends METHOD:CANCEL with a higher SEQUENCE."""
    organisation = check_can_write(by_user, meeting.conversation)
    meeting = _locked(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."))
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say why the meeting is cancelled.")]})
    in_calendars = meeting.starts_at is not None
    meeting.status = MeetingStatus.CANCELLED
    meeting.note = note.strip()[:2000]
    if in_calendars:
        meeting.sequence += 1
    meeting.save(update_fields=["status", "note", "sequence", "updated_at"])
    if in_calendars:
        _record_invitations(meeting, "CANCEL")
    _notify(meeting, organisation, "meeting_cancelled", note=meeting.note)
    return meeting


def meeting_record(*, meeting: Meeting, by_user: Any, held: bool) -> MeetingRecord:
    """After the meeting each side says whether it was held; saying it again corrects it."""
    organisation = check_can_write(by_user, meeting.conversation)
    if meeting.status != MeetingStatus.ACCEPTED or meeting.ends_at > timezone.now():
        raise ValidationError(_("You can record this once the meeting has taken place."))
    record, _created = MeetingRecord.objects.update_or_create(
        meeting=meeting,
        organisation=organisation,
        defaults={"held": held, "recorded_by": by_user, "recorded_at": timezone.now()},
    )
    return record


# ---------------------------------------------------------------- mail


def _when_for(meeting: Meeting, user: User) -> str:
    # Invitations are recorded only once a meeting has a time (accept, reschedule, cancel of
    # an accepted meeting) and a time is never cleared, so starts_at is set here.
    starts_at = cast(datetime, meeting.starts_at)
    zones = [user.timezone or "Asia/Kolkata"] + [
        s.timezone for s in sides_for(meeting.conversation)
    ]
    return hours.both_zones(starts_at, meeting.duration_minutes, zones)


def invitations_send(*, meeting_id: int) -> int:
    """Mail every recorded, unsent invitation of the meeting; each row is claimed first."""
    meeting = Meeting.objects.select_related(
        "conversation__organisation_a", "conversation__organisation_b"
    ).get(pk=meeting_id)
    people = attendees(meeting.conversation)
    sent = 0
    for row in InvitationMail.objects.filter(meeting=meeting, sent_at=None).select_related("user"):
        if row.sequence != meeting.sequence:  # superseded by a later change: skip it
            InvitationMail.objects.filter(pk=row.pk, sent_at=None).update(sent_at=timezone.now())
            continue
        if (
            InvitationMail.objects.filter(pk=row.pk, sent_at=None).update(sent_at=timezone.now())
            != 1
        ):
            continue
        user = row.user
        ics = invitation_ics(meeting, people, method=row.method)
        with translation.override(user.language or "en"):
            context = {
                "meeting": meeting,
                "when": _when_for(meeting, user),
                "cancelled": row.method == "CANCEL",
                "moved": row.sequence > 0 and row.method == "REQUEST",
                "url": settings.SITE_URL
                + reverse("partnerships:meeting", kwargs={"pk": meeting.pk}),
            }
            subject = render_to_string("partnerships/email/invitation_subject.txt", context)
            body = render_to_string("partnerships/email/invitation.txt", context)
        email = EmailMessage(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])
        email.attach("invite.ics", ics, f"text/calendar; method={row.method}; charset=UTF-8")
        email.send()
        sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """Periodic: 24 h and 1 h before each agreed meeting, one mail per person and start (a
    meeting being rescheduled keeps its agreed time, and its reminders, until it moves).

    The reminder rows are inserted with a unique constraint and then claimed with a
    conditional UPDATE, so a retried or overlapping tick never mails twice."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in REMINDERS:
        due = Meeting.objects.filter(
            status__in=[MeetingStatus.ACCEPTED, MeetingStatus.RESCHEDULING],
            starts_at__gt=now,
            starts_at__lte=now + ahead,
        ).select_related("conversation")
        if kind == "24h":  # a meeting under an hour away gets only the 1 h reminder
            due = due.filter(starts_at__gt=now + timedelta(hours=1))
        for meeting in due:
            # The query's starts_at__gt excludes meetings without a time.
            starts_at = cast(datetime, meeting.starts_at)
            people = attendees(meeting.conversation)
            Reminder.objects.bulk_create(
                [Reminder(meeting=meeting, user=p, kind=kind, starts_at=starts_at) for p in people],
                ignore_conflicts=True,
            )
            rows = Reminder.objects.filter(
                meeting=meeting, kind=kind, starts_at=starts_at, sent_at=None
            ).select_related("user")
            for row in rows:
                if Reminder.objects.filter(pk=row.pk, sent_at=None).update(sent_at=now) != 1:
                    continue
                _reminder_mail(meeting, row.user, kind)
                sent += 1
    return sent


def _reminder_mail(meeting: Meeting, user: User, kind: str) -> None:
    with translation.override(user.language or "en"):
        context = {
            "meeting": meeting,
            "kind": kind,
            "when": _when_for(meeting, user),
            "url": settings.SITE_URL + reverse("partnerships:meeting", kwargs={"pk": meeting.pk}),
        }
        subject = render_to_string("partnerships/email/reminder_subject.txt", context).strip()
        body = render_to_string("partnerships/email/reminder.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


# ---------------------------------------------------------------- hours, feed


def working_hours_save(
    *, organisation: Organisation, by_user: Any, starts: time, ends: time, timezone_name: str
) -> WorkingHours:
    check_can_edit_hours(by_user, organisation)
    if starts >= ends:
        raise ValidationError({"ends": [_("The day must end after it starts.")]})
    try:
        ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError({"timezone": [_("Choose a valid time zone.")]}) from exc
    record, _created = WorkingHours.objects.update_or_create(
        organisation=organisation,
        defaults={"starts": starts, "ends": ends, "timezone": timezone_name},
    )
    return record


def calendar_feed_rotate(*, by_user: Any) -> CalendarFeed:
    """A new secret: the previous feed URL stops working at once."""
    check_signed_in(by_user)
    feed, created = CalendarFeed.objects.get_or_create(user=by_user)
    if not created:
        feed.key = secrets.token_urlsafe(32)
        feed.created_at = timezone.now()
        feed.save(update_fields=["key", "created_at"])
    return feed
