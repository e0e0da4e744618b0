"""The organisation's own page for its people: members, roles and invitations."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.decorators import organisation_required
from accounts.forms import InvitationForm, RoleForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Invitation, Organisation, OrgRole, User
from accounts.permissions import check_can_accept_invitation, check_org_owner, needs_mfa_nudge


def _organisation(request: AuthenticatedHttpRequest) -> Organisation:
    # organisation_required sent anyone without an organisation to onboarding first.
    return Organisation.objects.get(pk=cast(int, request.user.organisation_id))


def _render_organisation(
    request: AuthenticatedHttpRequest,
    organisation: Organisation,
    *,
    invite_form=None,
    status: int = 200,
) -> HttpResponse:
    is_owner = request.user.org_role == OrgRole.OWNER
    return render(
        request,
        "accounts/organisation_manage.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation),
            "invitations": selectors.invitation_open_for_organisation(organisation=organisation)
            if is_owner
            else [],
            "invite_form": invite_form or InvitationForm(),
            "is_owner": is_owner,
            "role_choices": OrgRole.choices,
            "mfa_nudge": needs_mfa_nudge(request.user),
        },
        status=status,
    )


@organisation_required
def account_organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_organisation(request, _organisation(request))


@organisation_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    check_org_owner(request.user, organisation)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, by_user=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("account_organisation")
    return _render_organisation(request, organisation, invite_form=form, status=400)


@organisation_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    check_org_owner(request.user, organisation)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    services.invitation_revoke(invitation=invitation, by_user=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("account_organisation")


def _member_action(request: AuthenticatedHttpRequest, pk: int, action) -> HttpResponse:
    organisation = _organisation(request)
    check_org_owner(request.user, organisation)
    member = get_object_or_404(User, pk=pk, organisation=organisation)
    try:
        action(organisation, member)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("account_organisation")


@organisation_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""

    def change(organisation: Organisation, member: User) -> None:
        services.member_set_role(
            organisation=organisation, member=member, role=role, by_user=request.user
        )
        messages.success(request, _("%(person)s's role is changed.") % {"person": member})

    return _member_action(request, pk, change)


@organisation_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def remove(organisation: Organisation, member: User) -> None:
        services.member_remove(organisation=organisation, member=member, by_user=request.user)
        messages.success(request, _("%(person)s is no longer a member.") % {"person": member})

    return _member_action(request, pk, remove)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email. Visitors are asked to sign up or sign in first."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if request.method == "POST":
        user = check_can_accept_invitation(request.user, invitation)
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Welcome to %(org)s.") % {"org": invitation.organisation.display_name},
            )
            return redirect("account_organisation")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
