"""HTML: own preferences, one-click unsubscribe, and the admins' runs list and preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from digests import selectors, services
from digests.forms import PreferenceForm
from digests.render import unsubscribe_user_id

RUNS_PAGE_SIZE = 25
DELIVERIES_PAGE_SIZE = 50


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    preference = services.preference_get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preference_update(preference=preference, data=dict(form.cleaned_data))
        messages.success(request, _("Your digest settings are saved."))
        return redirect("digests:preferences")
    context = {
        "form": form,
        "preference": preference,
        "include_fields": [form[name] for name in form.fields if name.startswith("include_")],
        "filter_fields": [
            form[name] for name in ("sectors", "countries", "regions", "instruments")
        ],
    }
    return render(request, "digests/preferences.html", context)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a session or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation page; POST (the button, or a mail client's one-click)
    unsubscribes. Only the signature authorises it."""
    try:
        user_id = unsubscribe_user_id(token)
    except (signing.BadSignature, ValueError):
        return render(request, "digests/unsubscribe_invalid.html", status=400)
    user = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        services.preference_unsubscribe(user_id=user.pk)
        return render(request, "digests/unsubscribe_done.html", {"email": user.email})
    return render(request, "digests/unsubscribe_confirm.html", {"email": user.email})


def run_list(request: HttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    page = Paginator(selectors.runs_with_counts(), RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "digests/run_list.html", {"page": page})


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check_can_moderate(request.user)
    run = get_object_or_404(selectors.runs_with_counts(), pk=pk)
    page = Paginator(selectors.run_deliveries(run), DELIVERIES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "digests/run_detail.html", {"run": run, "page": page})


def preview(request: HttpRequest, user_id: int) -> HttpResponse:
    """The next digest of any person, as its HTML part (admins only; audited)."""
    check_can_moderate(request.user)
    person = get_object_or_404(User.objects.select_related("organisation"), pk=user_id)
    message = services.digest_preview(user=person)
    audit_record(actor=request.user, action="digest.preview", target=person)
    if message is None:
        return render(request, "digests/preview_empty.html", {"person": person})
    html = message.alternatives[0][0]
    # Our own template's output (user text in it is escaped): show its body inside the page.
    body = html.split("<body>", 1)[-1].rsplit("</body>", 1)[0]
    return render(
        request,
        "digests/preview.html",
        {
            "person": person,
            "subject": message.subject,
            "html": mark_safe(body),
            "text": message.body,
        },
    )
