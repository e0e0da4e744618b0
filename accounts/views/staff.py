"""Admin pages: the verification queue and the audit log (staff with MFA only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import AuditFilterForm, RejectForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Organisation
from accounts.permissions import check_can_moderate

QUEUE_PAGE_SIZE = 20
AUDIT_PAGE_SIZE = 50


def _render_queue(request: HttpRequest, *, reject_forms=None, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.organisation_pending_list(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    reject_forms = reject_forms or {}
    rows = [(org, reject_forms.get(org.pk) or RejectForm(prefix=f"org{org.pk}")) for org in page]
    return render(
        request, "accounts/verification_queue.html", {"page": page, "rows": rows}, status=status
    )


@login_required
def verification_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    return _render_queue(request)


@login_required
@require_POST
def verification_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check_can_moderate(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.POST.get("decision") == "approve":
        try:
            services.organisation_verify(organisation=organisation, by_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(org)s is verified.") % {"org": organisation.display_name}
            )
        return redirect("verification_queue")
    form = RejectForm(request.POST, prefix=f"org{organisation.pk}")
    if form.is_valid():
        try:
            services.organisation_reject(
                organisation=organisation, by_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(org)s is rejected.") % {"org": organisation.display_name}
            )
        return redirect("verification_queue")
    return _render_queue(request, reject_forms={organisation.pk: form}, status=400)


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_log_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
