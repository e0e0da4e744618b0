"""Onboarding: a new person creates their organisation or joins one they were invited to."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import selectors, services
from accounts.decorators import organisation_required
from accounts.forms import OrganisationForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Organisation, OrgKind
from accounts.permissions import check_org_owner


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
def onboarding(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.organisation_id is not None:
        return redirect("account_organisation")
    initial = {"kind": user.signup_kind or OrgKind.MSME, "turnover_currency": "INR"}
    form = OrganisationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_onboard(user=user, organisation=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if organisation.needs_verification:
                messages.info(
                    request,
                    _(
                        "%(org)s is created and waits for an admin to verify it. "
                        "You can prepare drafts in the meantime."
                    )
                    % {"org": organisation.display_name},
                )
            else:
                messages.success(
                    request, _("%(org)s is created.") % {"org": organisation.display_name}
                )
            return redirect(_next_url(request, "account_organisation"))
    return render(
        request,
        "accounts/onboarding.html",
        {
            "form": form,
            "invitations": selectors.invitation_open_for_user(user=user),
            "next": _next_url(request, ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@organisation_required
def organisation_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    # organisation_required sent anyone without an organisation to onboarding first.
    organisation = Organisation.objects.get(pk=cast(int, request.user.organisation_id))
    check_org_owner(request.user, organisation)
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=form.instance, by_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("account_organisation")
    return render(
        request,
        "accounts/organisation_edit.html",
        {"form": form, "organisation": organisation},
        status=400 if form.is_bound and form.errors else 200,
    )
