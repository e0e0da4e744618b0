"""The organisation's shortlist with private notes, and its CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from forum.csvexport import csv_response
from matchmaking import selectors, services
from matchmaking.exports import profile_csv_header, profile_csv_rows
from matchmaking.forms import ShortlistNoteForm
from matchmaking.permissions import check_can_use_matchmaking
from matchmaking.views.common import error_messages, paginate


@login_required
def shortlist(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    organisation = check_can_use_matchmaking(request.user)
    entries = selectors.shortlist(organisation)
    if request.GET.get("format") == "csv":
        listed = list(entries)
        profiles = [entry.profile for entry in listed]
        notes = {entry.profile_id: entry.note for entry in listed}
        unlocked = selectors.unlocked_org_ids(
            organisation.pk, [p.organisation_id for p in profiles]
        )
        return csv_response(
            "shortlist.csv",
            [*profile_csv_header(), _("Private note")],
            (
                [*row, notes[profile.pk]]
                for profile, row in zip(profiles, profile_csv_rows(profiles, unlocked), strict=True)
            ),
        )
    page = paginate(request, entries)
    return render(
        request, "matchmaking/shortlist.html", {"page": page, "entries": page.object_list}
    )


@login_required
@require_POST
def shortlist_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = selectors.profile_for_org_slug(request.user, slug)
    if profile is None:
        raise Http404
    form = ShortlistNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.shortlist_add(by_user=request.user, profile=profile, note=note)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Added to your shortlist."))
    return redirect("matchmaking:profile", slug=slug)


@login_required
@require_POST
def shortlist_note(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    form = ShortlistNoteForm(request.POST)
    if form.is_valid():
        try:
            services.shortlist_note_update(
                by_user=request.user, entry_id=entry_id, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Note saved."))
    else:
        messages.error(request, _("The note is too long."))
    return redirect("matchmaking:shortlist")


@login_required
@require_POST
def shortlist_remove(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    try:
        services.shortlist_remove(by_user=request.user, entry_id=entry_id)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Removed from your shortlist."))
    return redirect("matchmaking:shortlist")
