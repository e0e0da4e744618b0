"""The account page: preferences, API tokens, MFA, data export and account deletion."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import DeleteAccountForm, PreferencesForm, TokenForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import ApiToken
from accounts.permissions import has_mfa, needs_mfa_nudge


def _render_account(
    request: AuthenticatedHttpRequest, *, status: int = 200, **forms
) -> HttpResponse:
    user = request.user
    context = {
        "preferences_form": forms.get("preferences_form")
        or PreferencesForm(
            initial={
                "language": user.language,
                "timezone": user.timezone,
                "sectors": list(user.sectors_of_interest.all()),
            }
        ),
        "token_form": forms.get("token_form") or TokenForm(),
        "tokens": selectors.api_token_list(user=user),
        "new_token_key": request.session.pop("accounts.new_token_key", None),
        "mfa_enabled": has_mfa(user),
        "mfa_nudge": needs_mfa_nudge(user),
        "organisation": user.organisation,
    }
    return render(request, "accounts/account_home.html", context, status=status)


@login_required
def account_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_account(request)


@login_required
@require_POST
def account_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return _render_account(request, preferences_form=form, status=400)
    services.user_preferences_update(
        user=request.user,
        language=form.cleaned_data["language"],
        timezone_name=form.cleaned_data["timezone"],
        sectors=list(form.cleaned_data["sectors"]),
    )
    translation.activate(form.cleaned_data["language"])
    messages.success(request, _("Your preferences are saved."))
    response = redirect("account_home")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        form.cleaned_data["language"],
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


@login_required
@require_POST
def account_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Shown once on the next page, then gone: only its hash is stored.
            request.session["accounts.new_token_key"] = key
            return redirect("account_home")
    return _render_account(request, token_form=form, status=400)


@login_required
@require_POST
def account_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("account_home")


@login_required
def account_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything the portal holds about the person, as a JSON download (DPDP Act, APPI)."""
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
