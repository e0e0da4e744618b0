"""The home page by role, and the dashboards (HTML, and each chart as CSV with `?csv=<slug>`)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrgKind, User
from accounts.permissions import has_mfa
from forum.csvexport import csv_response
from forum.home import dashboards, selectors, services
from forum.home.dashboards import Chart
from forum.home.permissions import check_can_view_dashboard, check_can_view_staff_dashboard
from forum.i18n import current_language
from programs.models import FundingWindow, PolicyNotice

POOL_PER_PAGE = 25


def home(request: HttpRequest) -> HttpResponse:
    """Visitors (and people still onboarding) get the forum's front page; members their own."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html")
    if user.is_staff:
        context = {"data": selectors.admin_home() if has_mfa(user) else None}
        return render(request, "home/admin.html", context)
    role = user.role
    if role == OrgKind.MSME:
        found = selectors.msme_matches(user)
        visit = services.home_visit_touch(user=user, partner_ids=found.partner_ids)
        data = selectors.msme_home(user, found=found, visit=visit, language=current_language())
        return render(request, "home/msme.html", {"data": data})
    if role == OrgKind.REGULATOR:
        regulator = selectors.regulator_home(user, zone=dashboards.zone_for(user.timezone))
        return render(request, "home/regulator.html", {"data": regulator})
    if role == OrgKind.FINANCIER:
        return render(request, "home/financier.html", {"data": selectors.financier_home(user)})
    return render(request, "home.html")


def _member(request: HttpRequest) -> User:
    """The signed-in person (the dashboards are all behind login_required)."""
    return cast(User, request.user)


def _render_dashboard(
    request: HttpRequest, *, title: str, charts: list[Chart], context: dict, filename: str
) -> HttpResponseBase:
    wanted = request.GET.get("csv")
    if wanted:
        chart = next((c for c in charts if c.slug == wanted), None)
        if chart is None:
            raise Http404(_("No such chart on this dashboard."))
        return csv_response(f"{filename}-{chart.slug}.csv", chart.csv_header(), chart.csv_rows())
    language = current_language()
    zone = dashboards.zone_for(_member(request).timezone)
    return render(
        request,
        "home/dashboard.html",
        {
            **context,
            "title": title,
            "charts": [(chart, chart.as_json(language)) for chart in charts],
            "zone": zone,
            "sample_until": dashboards.sample_history_until(zone),
        },
    )


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponseBase:
    check_can_view_staff_dashboard(_member(request))
    zone = dashboards.zone_for(_member(request).timezone)
    return _render_dashboard(
        request,
        title=_("Staff dashboard"),
        charts=dashboards.staff_charts(zone=zone),
        context={"staff": selectors.admin_home()},  # the staff portal: queues and runs first
        filename="staff",
    )


@login_required
def window_dashboard(request: HttpRequest, pk: int) -> HttpResponseBase:
    window = get_object_or_404(
        FundingWindow.objects.select_related("organisation").prefetch_related("sectors"), pk=pk
    )
    check_can_view_dashboard(_member(request), window.organisation)
    now = timezone.now()
    pool = selectors.cached_eligible_pool(window, now=now) if window.is_open(now) else None
    zone = dashboards.zone_for(_member(request).timezone)
    return _render_dashboard(
        request,
        title=_("Dashboard: %(title)s") % {"title": window.title},
        charts=dashboards.window_charts(window, zone=zone, pool=pool, now=now),
        context={
            "subject": window,
            "subject_url": reverse("programs:window_detail", args=[window.pk]),
        },
        filename=f"window-{window.pk}",
    )


@login_required
def window_pool(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisations behind the window's pool numbers: `?excluded=<criterion>` lists those
    that criterion excludes, else the eligible ones. The window's organisation and admins."""
    window = get_object_or_404(
        FundingWindow.objects.select_related("organisation").prefetch_related("sectors"), pk=pk
    )
    check_can_view_dashboard(_member(request), window.organisation)
    excluded_by = (request.GET.get("excluded") or "").strip()
    if excluded_by and excluded_by not in selectors.CRITERION_LABELS:
        raise Http404(_("No such eligibility criterion."))
    data = selectors.pool_list(window, viewer=_member(request), excluded_by=excluded_by)
    page = Paginator(data.profiles, POOL_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "home/window_pool.html",
        {
            "data": data,
            "page": page,
            "unlisted": data.total - page.paginator.count,
            "querystring": urlencode({"excluded": excluded_by}) if excluded_by else "",
        },
    )


@login_required
def notice_dashboard(request: HttpRequest, pk: int) -> HttpResponseBase:
    zone = dashboards.zone_for(_member(request).timezone)
    notices = selectors.with_audience(
        PolicyNotice.objects.select_related("organisation"), zone=zone
    )
    notice = get_object_or_404(notices, pk=pk)
    check_can_view_dashboard(_member(request), notice.organisation)
    audience: Any = notice  # `readers` and `visitors` from with_audience
    return _render_dashboard(
        request,
        title=_("Dashboard: %(title)s") % {"title": notice.title},
        charts=dashboards.notice_charts(notice, zone=zone),
        context={
            "subject": notice,
            "subject_url": reverse("programs:notice_detail", args=[notice.pk]),
            "figures": [
                (_("readers (signed in)"), audience.readers),
                (_("visitors (not signed in)"), audience.visitors),
            ],
        },
        filename=f"notice-{notice.pk}",
    )


@login_required
def msme_dashboard(request: HttpRequest, slug: str) -> HttpResponseBase:
    organisation = get_object_or_404(Organisation, slug=slug, kind=OrgKind.MSME)
    check_can_view_dashboard(_member(request), organisation)
    zone = dashboards.zone_for(_member(request).timezone)
    return _render_dashboard(
        request,
        title=_("Dashboard: %(org)s") % {"org": organisation.display_name},
        charts=dashboards.msme_charts(
            organisation, zone=zone, own=_member(request).organisation_id == organisation.pk
        ),
        context={"subject": organisation},
        filename=f"msme-{organisation.slug}",
    )
