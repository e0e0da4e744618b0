"""The partner directory, profile pages, the profile editor and CSV export."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from forum.csvexport import csv_response
from matchmaking import selectors, services
from matchmaking.exports import profile_csv_header, profile_csv_rows
from matchmaking.forms import ProfileForm
from matchmaking.permissions import check_can_edit_profile
from matchmaking.views.cards import profile_cards
from matchmaking.views.common import error_messages, paginate, querystring_without_page
from programs.models.training import Topic
from programs.selectors import completed_topics_by_organisation


def _completed_programmes(organisation_id: int) -> list[str]:
    """Labels of the training topics the organisation completed (programmes app)."""

    topics = completed_topics_by_organisation([organisation_id]).get(organisation_id, [])
    return [str(Topic(t).label) if t in Topic.values else t for t in topics]


def directory(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = selectors.DirectoryFilters.from_querydict(request.GET)
    qs = selectors.directory(request.user, filters)
    if request.GET.get("format") == "csv":
        return directory_csv(request, qs)
    facets_key = selectors.directory_facets_key(request.user, filters)
    total = selectors.directory_total(request.user, filters, key=facets_key)
    # The page holds ids; each card comes from the cache or is rendered once (views/cards.py).
    page = paginate(request, qs.values_list(*selectors.LISTING_KEY_FIELDS), count=total)
    viewer = selectors.viewer_org_id(request.user)
    return render(
        request,
        "matchmaking/directory.html",
        {
            "page": page,
            "cards": profile_cards(selectors.directory_page_rows(page, key=facets_key)),
            "filters": filters,
            # The facet column is a fragment cached under the counts' key: its labels and
            # checkboxes are only built (the template calls this) when the fragment is missing.
            "facets": functools.cache(
                lambda: selectors.directory_facets(request.user, filters, key=facets_key)[0]
            ),
            "facets_key": facets_key,
            "facets_seconds": settings.DIRECTORY_FACETS_CACHE_SECONDS,
            "querystring": querystring_without_page(request),
            "shortlisted": selectors.shortlisted_profile_ids(viewer),
            "own_profile_org": viewer,
        },
    )


def directory_csv(request: HttpRequest, qs) -> StreamingHttpResponse:
    profiles = selectors.with_listing_data(qs)
    unlocked = selectors.unlocked_org_ids(
        selectors.viewer_org_id(request.user), qs.values_list("organisation_id", flat=True)
    )
    return csv_response(
        "partner-directory.csv", profile_csv_header(), profile_csv_rows(profiles, unlocked)
    )


def profile_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.profile_for_org_slug(request.user, slug)
    if profile is None:
        raise Http404(_("No visible partner profile here."))
    viewer = selectors.viewer_org_id(request.user)
    unlocked = selectors.unlocked_org_ids(viewer, [profile.organisation_id])
    is_own = viewer == profile.organisation_id
    entry = None
    if viewer and not is_own:
        entry = profile.shortlisted_in.filter(organisation_id=viewer).first()
    services.profile_view_record(profile=profile, viewer=request.user)
    return render(
        request,
        "matchmaking/profile_detail.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "contact": selectors.contact_for(profile, unlocked),
            "is_own": is_own,
            "shortlist_entry": entry,
            "introduction_state": selectors.introduction_states(
                viewer, [profile.organisation_id]
            ).get(profile.organisation_id),
            "programmes": _completed_programmes(profile.organisation_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied(_("Join or create an organisation first."))
    check_can_edit_profile(request.user, organisation)
    instance = selectors.profile_of(organisation)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                organisation=organisation, by_user=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Your partner profile is saved."))
            return redirect("matchmaking:profile", slug=organisation.slug)
    return render(
        request, "matchmaking/profile_form.html", {"form": form, "organisation": organisation}
    )
