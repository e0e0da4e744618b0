"""What the three kinds' HTML views share: filtered, paginated lists with CSV export, and
create / edit forms that call a service and show its errors on the form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from forum.csvexport import csv_response
from forum.i18n import current_language
from forum.regions import localised_region_choices
from programs.forms import WithdrawForm
from programs.models.common import Publishable
from programs.selectors import ListFilters
from programs.services.common import check_can_read, check_owns
from taxonomy.models import Sector

PAGE_SIZE = 20


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


def render_list(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    template: str,
    filename: str,
    header: Sequence[Any],
    row: Callable[[Any], Sequence[Any]],
    context: dict[str, Any],
) -> HttpResponse | StreamingHttpResponse:
    """A page of the filtered list, or the whole filtered list as CSV with `?format=csv`."""
    if request.GET.get("format") == "csv":
        return csv_response(filename, header, (row(item) for item in queryset.iterator(2000)))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "items": page.object_list,
            "filters": ListFilters.from_params(request.GET),
            "query": querystring_without_page(request),
            "sectors": Sector.objects.all(),
            "regions": localised_region_choices(language=current_language()),
        },
    )


def handle_form(
    request: HttpRequest,
    *,
    form,
    save: Callable[[Any], Publishable],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Validate `form`; on success call `save(form)` (a service) and go to the item."""
    if request.method == "POST" and form.is_valid():
        try:
            item = save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(item_url(item))
    return render(request, template, {**context, "form": form})


def item_url(item: Publishable) -> str:
    from django.urls import reverse

    name = {
        "programs.policynotice": "programs:notice_detail",
        "programs.fundingwindow": "programs:window_detail",
        "programs.trainingprogramme": "programs:programme_detail",
    }[item._meta.label_lower]
    return reverse(name, args=[item.pk])


def publish_action(
    request: HttpRequest, item: Publishable, publish: Callable[..., Model]
) -> HttpResponse:
    """POST → publish through the kind's service; the outcome as a message on the item page."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    try:
        publish(item, request.user)
        messages.success(request, _("Published."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(item_url(item))


def withdraw_action(
    request: HttpRequest, item: Publishable, withdraw: Callable[..., Model]
) -> HttpResponse:
    """POST with a reason → withdraw through the kind's service (owners only)."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    check_owns(request.user, item)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is withdrawn; readers will see it."))
        return redirect(item_url(item))
    try:
        withdraw(item, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Withdrawn. It stays readable, marked with your reason."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(item_url(item))


def get_readable(request: HttpRequest, queryset: QuerySet, pk: int) -> Any:
    """The item with `pk` if this person may read it (drafts only for their owners), else 404/403."""

    item = get_object_or_404(queryset, pk=pk)
    check_can_read(request.user, item)
    return item


def owns_item(request: HttpRequest, item: Publishable) -> bool:
    """Whether the page should offer the owner's actions (each action checks again)."""

    try:
        check_owns(request.user, item)
    except PermissionDenied:
        return False
    return True
