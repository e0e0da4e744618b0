"""Meetings: propose (with suggestions and warnings), answer, move, cancel, record; the
invitation file, working hours and the personal calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import check_signed_in
from matchmaking.partnerships import hours, selectors
from matchmaking.partnerships.feeds import feed_token, feed_user
from matchmaking.partnerships.forms import (
    CancelForm,
    CounterForm,
    MeetingForm,
    RescheduleForm,
    WorkingHoursForm,
)
from matchmaking.partnerships.models import ANSWERABLE, CalendarFeed, MeetingStatus
from matchmaking.partnerships.permissions import check_can_edit_hours
from matchmaking.partnerships.services import meetings as service
from matchmaking.partnerships.services.ics import feed_ics, invitation_ics
from matchmaking.partnerships.views.common import (
    conversation_for,
    error_messages,
    flash_errors,
    meeting_for,
)


def slot_label(start: datetime, minutes: int, zones: list[str]) -> str:
    """ "Tue, 15 Dec 2026 · 13:00–13:45 JST / 09:30–10:15 IST" (the reader's zone first)."""
    local = timezone.localtime(start)
    day = f"{formats.date_format(local, 'D')}, {formats.date_format(local, 'DATE_FORMAT')}"
    return f"{day} · {hours.both_zones(start, minutes, zones)}"


def _zones(request: AuthenticatedHttpRequest, conversation) -> list[str]:
    return [request.user.timezone] + [s.timezone for s in selectors.sides_for(conversation)]


def _suggestions(
    request: AuthenticatedHttpRequest, conversation, minutes: int
) -> list[tuple[str, str]]:
    starts = hours.suggest_slots(
        selectors.sides_for(conversation),
        minutes,
        after=timezone.now() + timedelta(hours=12),
        count=settings.PARTNERSHIPS_SUGGESTIONS,
        days=settings.PARTNERSHIPS_SUGGESTION_DAYS,
    )
    zones = _zones(request, conversation)
    return [(s.isoformat(), slot_label(s, minutes, zones)) for s in starts]


def _warned(request, form, conversation, minutes: int) -> list[str] | None:
    """Warnings the proposer has not yet confirmed, or None when it may go ahead."""
    warnings = service.slot_warnings(conversation, form.starts(), minutes)
    if warnings and not form.cleaned_data["confirm"]:
        return warnings
    return None


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request, pk)
    raw = request.POST.get("duration_minutes", "45")
    minutes = int(raw) if raw in ("30", "45", "60") else 45
    form = MeetingForm(
        request.POST or None, suggestions=_suggestions(request, conversation, minutes)
    )
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        warnings = _warned(request, form, conversation, form.cleaned_data["duration_minutes"]) or []
        if not warnings:
            try:
                meeting = service.meeting_propose(
                    conversation=conversation,
                    by_user=request.user,
                    title=form.cleaned_data["title"],
                    starts=form.starts(),
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    mode=form.cleaned_data["mode"],
                    url=form.cleaned_data["url"],
                    address=form.cleaned_data["address"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Meeting proposed. The other side will answer."))
                return redirect("partnerships:meeting", pk=meeting.pk)
    sides = selectors.sides_for(conversation)
    return render(
        request,
        "partnerships/meeting_form.html",
        {
            "conversation": conversation,
            "form": form,
            "warnings": warnings,
            "sides": zip(
                sides, (conversation.organisation_a, conversation.organisation_b), strict=True
            ),
        },
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    # meeting_for let in only members of the conversation's two organisations.
    organisation_id = cast(int, request.user.organisation_id)
    conversation = meeting.conversation
    zones = _zones(request, conversation)
    answering = meeting.status in ANSWERABLE and meeting.proposed_by_org_id != organisation_id
    can_record = meeting.status == MeetingStatus.ACCEPTED and meeting.ends_at <= timezone.now()
    can_move = meeting.status == MeetingStatus.ACCEPTED and not can_record
    suggestions = (
        _suggestions(request, conversation, meeting.duration_minutes)
        if conversation.is_open and (answering or can_move)
        else []
    )
    slots = [
        {"slot": s, "label": slot_label(s.starts_at, meeting.duration_minutes, zones)}
        for s in meeting.slots.filter(is_current=True)
    ]
    records = {r.organisation_id: r for r in meeting.records.all()}
    return render(
        request,
        "partnerships/meeting_detail.html",
        {
            "meeting": meeting,
            "conversation": conversation,
            "slots": slots,
            "when": slot_label(meeting.starts_at, meeting.duration_minutes, zones)
            if meeting.starts_at
            else "",
            "answering": answering,
            # Never both on one page (an answer waits, or the meeting is agreed): no prefixes.
            "counter_form": CounterForm(suggestions=suggestions) if answering else None,
            "reschedule_form": RescheduleForm(suggestions=suggestions) if can_move else None,
            "cancel_form": CancelForm(),
            "can_write": conversation.is_open and not request.user.is_silenced,
            "can_record": can_record,
            "own_record": records.get(organisation_id),
            "records": records,
        },
    )


@login_required
@require_POST
def meeting_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    moving = meeting.status == MeetingStatus.RESCHEDULING
    try:
        service.meeting_accept(
            meeting=meeting, by_user=request.user, slot_id=int(request.POST.get("slot") or 0)
        )
    except (ValidationError, ValueError) as error:
        if isinstance(error, ValidationError):
            flash_errors(request, error)
        else:
            messages.error(request, _("Choose one of the proposed times."))
    else:
        messages.success(
            request,
            _("New time accepted. Everyone gets the updated invitation.")
            if moving
            else _("Meeting accepted. Everyone gets a calendar invitation."),
        )
    return redirect("partnerships:meeting", pk=pk)


def _propose_times(
    request: AuthenticatedHttpRequest, pk: int, form_class, propose, invalid: str
) -> bool:
    """Clean a slots form posted from the meeting page, stop at unconfirmed warnings, then
    call `propose(meeting, starts, note)`; messages tell the person what happened."""
    meeting = meeting_for(request, pk)
    form = form_class(
        request.POST,
        suggestions=_suggestions(request, meeting.conversation, meeting.duration_minutes),
    )
    if not form.is_valid():
        messages.error(request, invalid)
        return False
    warnings = _warned(request, form, meeting.conversation, meeting.duration_minutes)
    if warnings:
        for warning in warnings:
            messages.warning(request, warning)
        messages.warning(request, _("Tick the confirmation to propose these times anyway."))
        return False
    try:
        propose(meeting, form.starts(), form.cleaned_data["note"])
    except ValidationError as error:
        flash_errors(request, error)
        return False
    return True


@login_required
@require_POST
def meeting_counter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def propose(meeting, starts, note):
        service.meeting_counter(meeting=meeting, by_user=request.user, starts=starts, note=note)

    if _propose_times(request, pk, CounterForm, propose, _("Check the times you proposed.")):
        messages.success(request, _("Your times have been proposed instead."))
    return redirect("partnerships:meeting", pk=pk)


@login_required
@require_POST
def meeting_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Propose new times for an accepted meeting; the other side must accept one."""

    def propose(meeting, starts, note):
        service.meeting_reschedule(meeting=meeting, by_user=request.user, starts=starts, note=note)

    invalid = _("Give the new times and say why the meeting moves.")
    if _propose_times(request, pk, RescheduleForm, propose, invalid):
        messages.success(
            request,
            _(
                "New times proposed. The agreed time stands, in calendars too, until the other "
                "side accepts one of them."
            ),
        )
    return redirect("partnerships:meeting", pk=pk)


@login_required
@require_POST
def meeting_keep_time(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Decline (or withdraw) a proposed move: the agreed time stands."""
    meeting = meeting_for(request, pk)
    try:
        service.meeting_keep_time(meeting=meeting, by_user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The meeting keeps its agreed time."))
    return redirect("partnerships:meeting", pk=pk)


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the meeting is cancelled."))
        return redirect("partnerships:meeting", pk=pk)
    try:
        service.meeting_cancel(
            meeting=meeting, by_user=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Meeting cancelled."))
    return redirect("partnerships:meeting", pk=pk)


@login_required
@require_POST
def meeting_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    held = request.POST.get("held")
    if held not in ("yes", "no"):
        messages.error(request, _("Say whether the meeting was held."))
        return redirect("partnerships:meeting", pk=pk)
    try:
        service.meeting_record(meeting=meeting, by_user=request.user, held=held == "yes")
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Thank you, recorded."))
    return redirect("partnerships:meeting", pk=pk)


@login_required
def meeting_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The current invitation as a file, for people who add it to a calendar by hand."""
    meeting = meeting_for(request, pk)
    if meeting.starts_at is None:
        raise Http404
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    body = invitation_ics(meeting, selectors.attendees(meeting.conversation), method=method)
    response = HttpResponse(body, content_type=f"text/calendar; method={method}; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def working_hours(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_signed_in(request.user)
    organisation = request.user.organisation
    if organisation is None:
        raise Http404
    check_can_edit_hours(request.user, organisation)
    side = selectors.side_of(organisation)
    form = WorkingHoursForm(
        request.POST or None,
        initial={"starts": side.starts, "ends": side.ends, "timezone": side.timezone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.working_hours_save(
                organisation=organisation,
                by_user=request.user,
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Working hours saved."))
            return redirect("partnerships:working_hours")
    return render(request, "partnerships/working_hours.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's private feed URL; POST makes a new one and the old one stops working."""
    check_signed_in(request.user)
    if request.method == "POST":
        service.calendar_feed_rotate(by_user=request.user)
        messages.success(request, _("New feed address made; the previous one no longer works."))
        return redirect("partnerships:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = (
        settings.SITE_URL
        + reverse("partnerships:calendar_feed", kwargs={"token": feed_token(feed)})
        if feed
        else ""
    )
    return render(request, "partnerships/calendar.html", {"feed_url": url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public but unguessable: calendars fetch it without a session."""
    user = feed_user(token)
    if user is None:
        raise Http404
    meetings = selectors.meetings_for_user(user)
    cache: dict[int, list] = {}

    def attendees_of(meeting):
        if meeting.conversation_id not in cache:
            cache[meeting.conversation_id] = selectors.attendees(meeting.conversation)
        return cache[meeting.conversation_id]

    response = HttpResponse(
        feed_ics(meetings, attendees_of), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
