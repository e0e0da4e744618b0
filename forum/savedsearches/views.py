"""Saving a search from a list page, and the one page that manages them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from forum.savedsearches import selectors, services
from forum.savedsearches.forms import RenameForm, SaveSearchForm
from forum.savedsearches.models import SavedSearch, SavedSearchResult
from forum.savedsearches.sources import SOURCES, canonical_query

PAGE_SIZE = 20


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def savedsearch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.savedsearches_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "search": search,
            "url": SOURCES[search.kind].list_url(search.query),
            "describe": services.describe(search),
            "recent": getattr(search, "reported", [])[: selectors.RECENT_RESULTS],
        }
        for search in page.object_list
    ]
    return render(request, "savedsearches/list.html", {"page": page, "rows": rows, "query": ""})


@login_required
@require_POST
def savedsearch_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name you will recognise."))
        kind = request.POST.get("kind")
        if kind in SOURCES:
            query = canonical_query(kind, QueryDict(request.POST.get("query", "")[:1000]))
            return redirect(SOURCES[kind].list_url(query))
        return redirect("savedsearches:list")
    kind = form.cleaned_data["kind"]
    params = QueryDict(form.cleaned_data["query"])
    back = SOURCES[kind].list_url(canonical_query(kind, params))
    try:
        search = services.savedsearch_create(
            user=request.user, kind=kind, params=params, name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(back)
    messages.success(
        request,
        _("Saved as “%(name)s”. New results will reach you as notifications.")
        % {"name": search.name},
    )
    return redirect(back)


def _own_search(request: AuthenticatedHttpRequest, pk: int) -> SavedSearch:
    try:
        return selectors.savedsearch_get(request.user, pk)
    except SavedSearch.DoesNotExist as exc:
        raise Http404(_("No such saved search.")) from exc


@login_required
@require_POST
def savedsearch_rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name you will recognise."))
        return redirect("savedsearches:list")
    try:
        services.savedsearch_rename(
            search=search, user=request.user, name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Renamed."))
    return redirect("savedsearches:list")


@login_required
@require_POST
def savedsearch_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    services.savedsearch_delete(search=search, user=request.user)
    messages.success(
        request, _("Deleted “%(name)s”; it will report nothing more.") % {"name": search.name}
    )
    return redirect("savedsearches:list")


@login_required
@require_POST
def savedsearch_result_mute(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        result = selectors.savedsearch_result_get(request.user, pk)
    except SavedSearchResult.DoesNotExist as exc:
        raise Http404(_("No such result.")) from exc
    muted = request.POST.get("muted", "1") == "1"
    services.savedsearch_result_mute(result=result, user=request.user, muted=muted)
    messages.success(request, _("Muted.") if muted else _("Unmuted."))
    return redirect("savedsearches:list")
