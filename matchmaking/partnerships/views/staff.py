"""Staff pages: reported messages (beside the forum's moderation queue) and the outcomes CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import check_can_moderate
from forum.csvexport import csv_response
from matchmaking.partnerships import selectors
from matchmaking.partnerships.models import MessageReport
from matchmaking.partnerships.services.conversations import report_resolve
from matchmaking.partnerships.views.common import flash_errors


@login_required
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    page = Paginator(selectors.open_reports(), 25).get_page(request.GET.get("page"))
    return render(request, "partnerships/reports.html", {"page": page})


@login_required
@require_POST
def report_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check_can_moderate(request.user)
    report = MessageReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("hide", "dismiss"):
        messages.error(request, _("Choose to hide the message or to dismiss the report."))
        return redirect("partnerships:reports")
    try:
        report_resolve(
            report=report,
            by_user=request.user,
            agree=decision == "hide",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Report resolved."))
    return redirect("partnerships:reports")


@login_required
def outcomes_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """Every recorded outcome, one row per side, for staff."""
    check_can_moderate(request.user)
    # Headers in the reader's language; the values stay codes (kind, partnership type slug,
    # ISO time and currency) so that a spreadsheet can count them whoever exported it.
    header = [
        _("Recorded (UTC)"),
        _("Organisation"),
        _("Partner"),
        _("Partnership type"),
        _("Outcome"),
        _("Value"),
        _("Currency"),
        _("Notes"),
    ]
    rows = (
        (
            outcome.recorded_at.isoformat(),
            outcome.organisation.name_en,
            outcome.conversation.other_organisation(outcome.organisation_id).name_en,
            outcome.conversation.introduction.partnership_type.slug,
            outcome.kind,
            outcome.value if outcome.value is not None else "",
            outcome.currency,
            outcome.note,
        )
        for outcome in selectors.outcomes_for_export().iterator(chunk_size=500)
    )
    return csv_response("outcomes.csv", header, rows)
