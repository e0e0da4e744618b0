"""Admin pages for match runs: the list with progress bars, and "run now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from matchmaking.runs import selectors, services
from matchmaking.runs.models import RunKind, RunStatus

PAGE_SIZE = 25


@login_required
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    page = Paginator(selectors.match_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    active = any(run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for run in page)
    return render(request, "matchruns/run_list.html", {"page": page, "active": active})


@login_required
@require_POST
def run_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_moderate(request.user)
    run = services.match_run_request(kind=RunKind.FULL, requested_by=request.user)
    audit_record(actor=request.user, action="matchruns.request", target=run)
    messages.success(request, _("Full match run #%(id)s is queued.") % {"id": run.pk})
    return redirect("matchruns:list")
