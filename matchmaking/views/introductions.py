"""Introduction requests: ask, list sent and received, accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from matchmaking import selectors, services
from matchmaking.forms import DeclineForm, IntroductionRequestForm
from matchmaking.models import Introduction
from matchmaking.permissions import check_can_request_introduction, check_can_use_matchmaking
from matchmaking.views.common import error_messages, paginate, querystring_without_page


@login_required
@require_http_methods(["GET", "POST"])
def introduction_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = selectors.profile_for_org_slug(request.user, slug)
    if profile is None:
        raise Http404
    check_can_request_introduction(request.user, profile)
    initial = {}
    if request.GET.get("partnership_type"):
        initial["partnership_type"] = profile.partnership_types.filter(
            slug=request.GET["partnership_type"]
        ).first()
    form = IntroductionRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_request(
                by_user=request.user,
                profile=profile,
                partnership_type=form.cleaned_data["partnership_type"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(org)s.")
                % {"org": profile.organisation.display_name},
            )
            return redirect("matchmaking:introductions")
    return render(request, "matchmaking/introduction_form.html", {"form": form, "profile": profile})


@login_required
def introductions(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = check_can_use_matchmaking(request.user)
    box = (request.GET.get("box") or "").strip()
    status = (request.GET.get("status") or "").strip()
    page = paginate(request, selectors.introductions_for(organisation, box=box, status=status))
    items = list(page.object_list)
    other_ids = [
        i.to_organisation_id
        if i.from_organisation_id == organisation.pk
        else i.from_organisation_id
        for i in items
    ]
    unlocked = selectors.unlocked_org_ids(organisation.pk, other_ids)
    profiles = {
        p.organisation_id: p
        for p in selectors.PartnerProfile.objects.filter(organisation_id__in=unlocked)
    }
    rows = []
    for item, other_id in zip(items, other_ids, strict=True):
        profile = profiles.get(other_id)
        contact = selectors.contact_for(profile, unlocked) if profile else None
        rows.append(
            {
                "introduction": item,
                "received": item.to_organisation_id == organisation.pk,
                "other": item.from_organisation
                if item.to_organisation_id == organisation.pk
                else item.to_organisation,
                "contact": contact,
            }
        )
    return render(
        request,
        "matchmaking/introductions.html",
        {
            "page": page,
            "rows": rows,
            "decline_form": DeclineForm(),
            "box": box,
            "status": status,
            "querystring": querystring_without_page(request),
        },
    )


def _introduction(pk: int) -> Introduction:
    introduction = (
        Introduction.objects.select_related("from_organisation", "to_organisation")
        .filter(pk=pk)
        .first()
    )
    if introduction is None:
        raise Http404
    return introduction


@login_required
@require_POST
def introduction_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    introduction = _introduction(pk)
    try:
        services.introduction_accept(introduction=introduction, by_user=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Introduction accepted: you can now see each other's contact details."),
        )
    return redirect("matchmaking:introductions")


@login_required
@require_POST
def introduction_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    introduction = _introduction(pk)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.introduction_decline(
            introduction=introduction, by_user=request.user, reason=reason
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Introduction declined."))
    return redirect("matchmaking:introductions")


@login_required
@require_POST
def introduction_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    introduction = _introduction(pk)
    try:
        services.introduction_withdraw(introduction=introduction, by_user=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("matchmaking:introductions")
