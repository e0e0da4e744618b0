"""What each saveable list is, in terms of the selector its list page already calls.

A source turns a canonical query string into the same queryset the list page shows (same
selector, same filter parsing), narrowed to what any member may see: published items only,
no one's private profile. Each saver's own organisation's items are dropped per person, so
one computation serves everyone who saved the same query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from accounts.notifications.kinds import names
from forum.discussions import selectors as forum_selectors
from forum.discussions.forms import SearchForm
from forum.savedsearches.models import SearchKind
from matchmaking import selectors as mm_selectors
from matchmaking.models import Visibility
from programs import selectors as programs_selectors
from programs.models.common import Status


@dataclass(frozen=True)
class Source:
    kind: str
    url_name: str
    keys: tuple[str, ...]  # the query parameters the list page reads
    results: Callable[[Any, QueryDict], QuerySet]  # (viewer, params) -> the list page's rows
    org_field: str  # the item's owning organisation, to drop the saver's own
    changed_field: str | None  # an item changed after it was reported is reported again
    title: Callable[[Any], dict[str, str]]
    item_url: Callable[[Any], str]
    select_related: tuple[str, ...] = ()

    def depends_on_organisation(self, params: QueryDict) -> bool:
        """Whether the rows differ between organisations beyond their own items."""
        return (
            self.kind == SearchKind.WINDOWS
            and programs_selectors.ListFilters.from_params(params).eligible
        )

    def list_url(self, query: str) -> str:
        return reverse(self.url_name) + (f"?{query}" if query else "")


def _directory(user: Any, params: QueryDict) -> QuerySet:
    filters = mm_selectors.DirectoryFilters.from_querydict(params)
    return mm_selectors.directory(user, filters).filter(
        visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]
    )


def _programs(selector: Callable[..., QuerySet]) -> Callable[[Any, QueryDict], QuerySet]:
    def results(user: Any, params: QueryDict) -> QuerySet:
        filters = programs_selectors.ListFilters.from_params(params)
        return selector(filters, user=user).filter(status=Status.PUBLISHED)

    return results


def _forum(user: Any, params: QueryDict) -> QuerySet:
    form = SearchForm(params)
    if not form.is_valid():
        return forum_selectors.thread_list(user).none()
    query, language = form.cleaned_data["q"].strip(), form.cleaned_data["language"]
    if not query and not language:  # the forum index lists boards, not threads, without them
        return forum_selectors.thread_list(user).none()
    return forum_selectors.thread_list(user, query=query, language=language)


_LIST_KEYS = ("q", "sector", "country", "region", "sort")

SOURCES: dict[str, Source] = {
    SearchKind.DIRECTORY: Source(
        kind=SearchKind.DIRECTORY,
        url_name="matchmaking:directory",
        keys=(
            "q",
            "sector",
            "capability",
            "country",
            "region",
            "certification",
            "partnership_type",
            "msme_class",
            "sort",
        ),
        results=_directory,
        org_field="organisation_id",
        changed_field=None,
        title=lambda p: names(p.organisation, "name"),
        item_url=lambda p: reverse("matchmaking:profile", args=[p.organisation.slug]),
        select_related=("organisation",),
    ),
    SearchKind.WINDOWS: Source(
        kind=SearchKind.WINDOWS,
        url_name="programs:window_list",
        keys=(*_LIST_KEYS, "instrument", "open_now", "closing_within", "eligible"),
        results=_programs(programs_selectors.filter_windows),
        org_field="organisation_id",
        changed_field="amended_at",
        title=lambda w: names(w, "title"),
        item_url=lambda w: reverse("programs:window_detail", args=[w.pk]),
    ),
    SearchKind.NOTICES: Source(
        kind=SearchKind.NOTICES,
        url_name="programs:notice_list",
        keys=(*_LIST_KEYS, "kind", "closing_within"),
        results=_programs(programs_selectors.filter_notices),
        org_field="organisation_id",
        changed_field="amended_at",
        title=lambda n: names(n, "title"),
        item_url=lambda n: reverse("programs:notice_detail", args=[n.pk]),
    ),
    SearchKind.PROGRAMMES: Source(
        kind=SearchKind.PROGRAMMES,
        url_name="programs:programme_list",
        keys=(*_LIST_KEYS, "topic", "open_now", "closing_within"),
        results=_programs(programs_selectors.filter_programmes),
        org_field="organisation_id",
        changed_field="amended_at",
        title=lambda p: names(p, "title"),
        item_url=lambda p: reverse("programs:programme_detail", args=[p.pk]),
    ),
    SearchKind.FORUM: Source(
        kind=SearchKind.FORUM,
        url_name="discussions:index",
        keys=("q", "language"),
        results=_forum,
        org_field="author__organisation_id",
        changed_field=None,
        title=lambda t: {"en": t.title},
        item_url=lambda t: t.get_absolute_url(),
    ),
}


def canonical_query(kind: str, params: QueryDict | dict[str, Any]) -> str:
    """The list page's parameters that matter for `kind`, empty ones dropped, sorted."""
    source = SOURCES[kind]
    if not isinstance(params, QueryDict):
        data = QueryDict(mutable=True)
        for key, value in params.items():
            data.setlist(key, [str(v) for v in (value if isinstance(value, list) else [value])])
        params = data
    canonical = QueryDict(mutable=True)
    for key in sorted(source.keys):
        values = sorted({v.strip() for v in params.getlist(key) if v and v.strip()})
        if values:
            canonical.setlist(key, values)
    return canonical.urlencode()
