"""HTML pages of funding windows: browse, "am I eligible?", interests."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import can_view_dashboard
from forum.csvexport import csv_response
from forum.i18n import pick
from forum.money import money
from forum.regions import region_name
from programs import selectors, services
from programs.eligibility import NOT_ELIGIBLE, applicant_for, applicants_for, evaluate
from programs.forms import InterestForm, WindowForm, WithdrawForm
from programs.models import ExpressionOfInterest, FundingWindow, Instrument, InterestStatus
from programs.services.common import WINDOW_KINDS, check_can_draft, check_owns
from programs.views.common import (
    PAGE_SIZE,
    get_readable,
    handle_form,
    item_url,
    owns_item,
    publish_action,
    render_list,
    withdraw_action,
)

# Column names for the people who open the file (in their language); the API's CSV keeps
# the field names of its schema for scripts (forum/csvexport.py).
CSV_HEADER = [
    gettext_lazy("ID"),
    gettext_lazy("Title"),
    gettext_lazy("Instrument"),
    gettext_lazy("Financier"),
    gettext_lazy("Jurisdiction"),
    gettext_lazy("State / prefecture"),
    gettext_lazy("Sectors"),
    gettext_lazy("Currency"),
    gettext_lazy("Minimum amount"),
    gettext_lazy("Maximum amount"),
    gettext_lazy("Amount range"),
    gettext_lazy("Minimum interest rate (per cent a year)"),
    gettext_lazy("Maximum interest rate (per cent a year)"),
    gettext_lazy("Opens (UTC)"),
    gettext_lazy("Closes (UTC)"),
    gettext_lazy("Applicant countries"),
    gettext_lazy("Maximum employees"),
    gettext_lazy("Maximum turnover"),
    gettext_lazy("Turnover currency"),
    gettext_lazy("Udyam registration required"),
    gettext_lazy("Minimum years in business"),
    gettext_lazy("Status"),
    gettext_lazy("Where to apply"),
]


def _row(window: FundingWindow) -> list:
    amounts = " – ".join(
        money(a, window.currency) for a in (window.amount_min, window.amount_max) if a is not None
    )
    return [
        window.pk,
        pick(window, "title").text,
        window.get_instrument_display(),
        window.organisation.display_name if window.organisation else "",
        window.get_jurisdiction_display(),
        region_name(window.region) if window.region else "",
        "; ".join(s.name for s in window.sectors.all()),
        window.currency,
        window.amount_min if window.amount_min is not None else "",
        window.amount_max if window.amount_max is not None else "",
        amounts,
        window.interest_rate_min if window.interest_rate_min is not None else "",
        window.interest_rate_max if window.interest_rate_max is not None else "",
        window.opens_at.isoformat(),
        window.closes_at.isoformat(),
        " ".join(window.applicant_countries),
        window.max_employees if window.max_employees is not None else "",
        window.max_turnover if window.max_turnover is not None else "",
        window.max_turnover_currency if window.max_turnover is not None else "",
        "yes" if window.udyam_required else "no",
        window.min_years_in_business if window.min_years_in_business is not None else "",
        window.get_status_display(),
        window.apply_url,
    ]


def window_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = selectors.ListFilters.from_params(request.GET)
    return render_list(
        request,
        queryset=selectors.filter_windows(filters, user=request.user),
        template="programs/window_list.html",
        filename="funding-windows.csv",
        header=CSV_HEADER,
        row=_row,
        context={"instruments": Instrument.choices, "section": "windows"},
    )


def _get_readable(request: HttpRequest, pk: int) -> FundingWindow:
    return get_readable(request, selectors.window_list(), pk)


def window_detail(request: HttpRequest, pk: int) -> HttpResponse:
    window = _get_readable(request, pk)
    user = request.user
    organisation = user.organisation if user.is_authenticated else None
    is_msme = organisation is not None and organisation.kind == "msme"
    verdict = (
        evaluate(window, applicant_for(organisation))
        if is_msme and organisation is not None  # is_msme implies an organisation
        else None
    )
    interest = (
        ExpressionOfInterest.objects.filter(window=window, organisation=organisation).first()
        if is_msme
        else None
    )
    is_owner = owns_item(request, window)
    return render(
        request,
        "programs/window_detail.html",
        {
            "window": window,
            "verdict": verdict,
            "is_msme": is_msme,
            "interest": interest,
            "can_send_interest": is_msme
            and window.is_published
            and window.is_open()
            and (interest is None or interest.status == InterestStatus.WITHDRAWN)
            and verdict is not None
            and verdict.outcome != NOT_ELIGIBLE,
            "not_eligible": verdict is not None and verdict.outcome == NOT_ELIGIBLE,
            "interest_form": InterestForm(),
            "is_owner": is_owner,
            "can_see_dashboard": can_view_dashboard(request.user, window.organisation_id),
            "withdraw_form": WithdrawForm() if is_owner else None,
            "closing_soon": selectors.is_closing_soon(window),
            "interest_count": window.interests.exclude(status=InterestStatus.WITHDRAWN).count()
            if is_owner
            else None,
        },
    )


@login_required
def window_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_draft(request.user, kinds=WINDOW_KINDS)
    form = WindowForm(request.POST or None, initial={"entry_timezone": request.user.timezone})

    def save(form: WindowForm) -> FundingWindow:
        data, sectors = form.cleaned_for_service()
        return services.window_create(user=request.user, data=data, sectors=sectors)

    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": _("New funding window")},
    )


@login_required
def window_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    window = _get_readable(request, pk)
    check_owns(request.user, window)
    form = WindowForm(request.POST or None, instance=FundingWindow.objects.get(pk=pk))

    def save(form: WindowForm) -> FundingWindow:
        data, sectors = form.cleaned_for_service()
        return services.window_update(window=window, user=request.user, data=data, sectors=sectors)

    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": _("Edit the funding window"), "item": window},
    )


@login_required
@require_POST
def window_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return publish_action(
        request,
        _get_readable(request, pk),
        lambda item, user: services.window_publish(window=item, user=user),
    )


@login_required
@require_POST
def window_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return withdraw_action(
        request,
        _get_readable(request, pk),
        lambda item, user, reason: services.window_withdraw(window=item, user=user, reason=reason),
    )


@login_required
@require_POST
def interest_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    window = _get_readable(request, pk)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.interest_send(
                window=window, user=request.user, message=form.cleaned_data["message"]
            )
            messages.success(request, _("Your interest was sent to the financier."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(item_url(window))


@login_required
@require_POST
def interest_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(ExpressionOfInterest.objects.select_related("window"), pk=pk)
    services.interest_withdraw(interest=interest, user=request.user)
    messages.success(request, _("Your interest was withdrawn."))
    return redirect(item_url(interest.window))


@login_required
def window_interests(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The financier's view: every MSME that sent interest, with its eligibility for this
    window, as a page or (`?format=csv`) the whole list as CSV; `?status=` narrows both."""
    window = _get_readable(request, pk)
    check_owns(request.user, window)
    status = (request.GET.get("status") or "").strip()
    interests = selectors.interests_for_window(window, status=status)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"interests-window-{window.pk}.csv",
            INTEREST_CSV_HEADER,
            _interest_rows(window, interests),
        )
    page = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    applicants = applicants_for([interest.organisation for interest in page.object_list])
    rows = [
        (interest, evaluate(window, applicants[interest.organisation_id]))
        for interest in page.object_list
    ]
    return render(
        request,
        "programs/window_interests.html",
        {
            "window": window,
            "page": page,
            "items": page.object_list,
            "rows": rows,
            "status": status,
            "statuses": InterestStatus.choices,
        },
    )


INTEREST_CSV_HEADER = [
    gettext_lazy("Organisation"),
    gettext_lazy("Country"),
    gettext_lazy("Sent by"),
    gettext_lazy("Sent (UTC)"),
    gettext_lazy("Status"),
    gettext_lazy("Eligibility"),
    gettext_lazy("Criteria missed"),
    gettext_lazy("Message"),
]


def _interest_rows(window: FundingWindow, interests) -> Iterator[list]:
    """CSV rows in chunks, each chunk's applicants read in bulk."""
    chunk: list[ExpressionOfInterest] = []
    for interest in [*interests.iterator(500), None]:
        if interest is not None:
            chunk.append(interest)
        if chunk and (interest is None or len(chunk) == 500):
            applicants = applicants_for([i.organisation for i in chunk])
            for item in chunk:
                verdict = evaluate(window, applicants[item.organisation_id])
                yield [
                    item.organisation.display_name,
                    item.organisation.get_country_display(),
                    item.sent_by.email if item.sent_by else "",
                    item.created_at.isoformat(),
                    item.get_status_display(),
                    str(verdict.label),
                    "; ".join(c.message for c in verdict.criteria if c.status == "missed"),
                    item.message,
                ]
            chunk = []


@login_required
@require_POST
def interest_mark(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related("window", "organisation"), pk=pk
    )
    try:
        services.interest_mark(
            interest=interest, user=request.user, status=request.POST.get("status", "")
        )
        messages.success(request, _("Saved; the MSME has been told by email."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    from django.urls import reverse

    return redirect(reverse("programs:window_interests", args=[interest.window_id]))
