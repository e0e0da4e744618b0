"""Writes of saved searches: save, rename, delete, mute a result, and the periodic check that
turns new results into one notification per search.

The check uses the list pages' own selectors (see sources.py), computes each distinct query
once per run however many people saved it, and is idempotent for a check window: an item
is reported when the search's result row is written, in the same transaction as its
notification, so a second run for the same window finds nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.notifications.services import notification_create
from forum.savedsearches.models import SavedSearch, SavedSearchResult
from forum.savedsearches.sources import SOURCES, Source, canonical_query

# Rows one check reads per distinct query at most: a saved search is an alert, not an export.
MAX_RESULTS_PER_QUERY = 5000


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the search a name you will recognise.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("Keep the name under 100 characters.")]})
    return name


def _params(query: str) -> QueryDict:
    return QueryDict(query)


def _rows(source: Source, viewer: User, query: str) -> list[tuple[int, int | None, Any]]:
    """(item id, owning organisation id, changed-at) of the list page's results for `query`."""
    fields = ["pk", source.org_field]
    if source.changed_field:
        fields.append(source.changed_field)
    qs = source.results(viewer, _params(query)).order_by().values_list(*fields).distinct()
    rows = []
    for row in qs[:MAX_RESULTS_PER_QUERY]:
        rows.append((row[0], row[1], row[2] if source.changed_field else None))
    return rows


@transaction.atomic
def savedsearch_create(
    *, user: User, kind: str, params: QueryDict | dict, name: str
) -> SavedSearch:
    """Save the list page's current filters under `name`. What the list shows now is the
    baseline: only what appears later is reported."""
    if not user.is_authenticated:
        raise ValidationError(_("Sign in to save searches."))
    if kind not in SOURCES:
        raise ValidationError({"kind": [_("This list cannot be saved as a search.")]})
    name = _clean_name(name)
    query = canonical_query(kind, params)
    existing = SavedSearch.objects.filter(user=user, kind=kind, query=query).first()
    if existing is not None:
        raise ValidationError(
            _("You already saved this search as “%(name)s”.") % {"name": existing.name}
        )
    if SavedSearch.objects.filter(user=user).count() >= settings.SAVEDSEARCHES_MAX_PER_USER:
        raise ValidationError(
            _("You can keep up to %(n)d saved searches; delete one first.")
            % {"n": settings.SAVEDSEARCHES_MAX_PER_USER}
        )
    now = timezone.now()
    search = SavedSearch(user=user, kind=kind, query=query, name=name, last_checked_at=now)
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError as exc:  # the same search saved twice at once (double click)
        raise ValidationError(_("You already saved this search.")) from exc
    source = SOURCES[kind]
    SavedSearchResult.objects.bulk_create(
        [
            SavedSearchResult(search=search, object_id=item_id, seen_at=now)
            for item_id, org_id, _changed in _rows(source, user, query)
            if org_id is None or org_id != user.organisation_id
        ]
    )
    return search


def savedsearch_rename(*, search: SavedSearch, user: User, name: str) -> SavedSearch:
    _check_owner(search, user)
    search.name = _clean_name(name)
    search.save(update_fields=["name"])
    return search


def savedsearch_delete(*, search: SavedSearch, user: User) -> None:
    """Deleting the search stops it: its results go with it."""
    _check_owner(search, user)
    search.delete()


def savedsearch_result_mute(
    *, result: SavedSearchResult, user: User, muted: bool = True
) -> SavedSearchResult:
    """A muted result is never reported again by this search, even when it is amended."""
    _check_owner(result.search, user)
    result.muted = muted
    result.save(update_fields=["muted"])
    return result


def _check_owner(search: SavedSearch, user: User) -> None:
    if search.user_id != getattr(user, "pk", None):
        raise SavedSearch.DoesNotExist("not this person's saved search")


# ---------------------------------------------------------------- the periodic check


def _group_key(search: SavedSearch, source: Source) -> tuple[str, str, int | None]:
    org = (
        search.user.organisation_id
        if source.depends_on_organisation(_params(search.query))
        else None
    )
    return (search.kind, search.query, org)


def savedsearches_check(*, now: datetime | None = None) -> int:
    """Report each saved search's new results up to `now`; returns notifications created.

    Identical (kind, query) pairs are computed once; where "eligible for me" makes the rows
    depend on the organisation, once per organisation.
    """
    now = now or timezone.now()
    searches = (
        SavedSearch.objects.filter(user__is_active=True)
        .filter(created_at__lt=now)
        .select_related("user")
        .order_by("kind", "query", "id")
    )
    groups: dict[tuple[str, str, int | None], list[SavedSearch]] = defaultdict(list)
    for search in searches:
        groups[_group_key(search, SOURCES[search.kind])].append(search)
    created = 0
    for (kind, query, _org), members in groups.items():
        source = SOURCES[kind]
        rows = _rows(source, members[0].user, query)
        for search in members:
            if _report(search=search, source=source, rows=rows, now=now):
                created += 1
    return created


def _report(
    *, search: SavedSearch, source: Source, rows: list[tuple[int, int | None, Any]], now: datetime
) -> bool:
    """One search's hits in one transaction: result rows, notification, last check."""
    own_org = search.user.organisation_id
    candidates = {
        item_id: changed for item_id, org_id, changed in rows if org_id != own_org or org_id is None
    }
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().filter(pk=search.pk).first()
        if locked is None:  # deleted meanwhile
            return False
        if locked.last_checked_at is not None and locked.last_checked_at >= now:
            return False  # this window (or a later one) is done
        seen = {
            r.object_id: r
            for r in SavedSearchResult.objects.filter(search=locked, object_id__in=list(candidates))
        }
        new_ids = [i for i in candidates if i not in seen]
        changed_ids = [
            i
            for i, changed in candidates.items()
            if i in seen
            and not seen[i].muted
            and changed is not None
            and changed > seen[i].seen_at
            and changed <= now
        ]
        hit_ids = sorted(new_ids + changed_ids)
        locked.last_checked_at = now
        locked.save(update_fields=["last_checked_at"])
        if not hit_ids:
            return False
        model = source.results(search.user, _params("")).model
        items = {
            item.pk: item
            for item in model.objects.filter(pk__in=hit_ids).select_related(*source.select_related)
        }
        SavedSearchResult.objects.bulk_create(
            [
                SavedSearchResult(
                    search=locked,
                    object_id=i,
                    seen_at=now,
                    reported_at=now,
                    title=source.title(items[i]),
                    url=source.item_url(items[i]),
                )
                for i in new_ids
                if i in items
            ]
        )
        for i in changed_ids:
            if i in items:
                SavedSearchResult.objects.filter(pk=seen[i].pk).update(
                    seen_at=now,
                    reported_at=now,
                    title=source.title(items[i]),
                    url=source.item_url(items[i]),
                )
        reported = [i for i in hit_ids if i in items]
        if not reported:
            return False
        limit = settings.SAVEDSEARCHES_ITEMS_PER_NOTIFICATION
        notification_create(
            recipient=search.user,
            kind="savedsearch_hits",
            params={
                "search": locked.name,
                "count": len(reported),
                "items": [
                    {"title": source.title(items[i]), "url": source.item_url(items[i])}
                    for i in reported[:limit]
                ],
            },
            url=source.list_url(locked.query),
            dedupe_key=f"savedsearch:{locked.pk}:{now.isoformat()}",
        )
    return True


FILTER_LABELS = {
    "q": gettext_lazy("Search"),
    "sector": gettext_lazy("Sector"),
    "capability": gettext_lazy("Capability offered"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("State / prefecture"),
    "certification": gettext_lazy("Certification"),
    "partnership_type": gettext_lazy("Partnership type"),
    "msme_class": gettext_lazy("MSME class"),
    "sort": gettext_lazy("Sort"),
    "instrument": gettext_lazy("Instrument"),
    "open_now": gettext_lazy("Open now"),
    "closing_within": gettext_lazy("Closing within (days)"),
    "eligible": gettext_lazy("Windows I am eligible for"),
    "kind": gettext_lazy("Kind"),
    "topic": gettext_lazy("Topic"),
    "language": gettext_lazy("Language"),
}
_FLAGS = {"open_now", "eligible"}


def describe(search: SavedSearch) -> str:
    """A short line of what the search filters on, in the reader's language, for the manage
    page ("everything" when it has no filter)."""
    params = _params(search.query)
    parts = []
    for key in params:
        label = str(FILTER_LABELS.get(key, key))
        parts.append(label if key in _FLAGS else f"{label}: {', '.join(params.getlist(key))}")
    return " · ".join(parts) or _("everything")
