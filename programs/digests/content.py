"""What goes into a digest: items from the programs, matchmaking and forum apps.

Content is loaded ONCE per batch (shared items: notices, windows, programmes, windows closing
soon) and per batch in bulk (eligibility, matches), then filtered per recipient in Python with
set operations. The other apps are reached only through their selectors; a source whose app is
not installed yet contributes nothing (see `available_sources`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import ngettext

from forum.i18n import pick
from forum.money import convert

CLOSING_DAYS = 14
MATCHES_PER_DIGEST = 3

SECTIONS = ("notices", "windows", "programmes", "closing", "matches", "threads")


@dataclass(frozen=True)
class Item:
    """One thing a digest can list. `obj` is the source row, used only for rendering."""

    key: str
    section: str
    changed_at: datetime
    obj: Any
    sectors: frozenset[int] = frozenset()
    country: str = ""  # "IN", "JP", or "BI"/"" for both
    region: str = ""
    instrument: str = ""


@dataclass
class PersonalItem:
    """An item only one recipient sees (a match, a thread update): rendered per recipient."""

    key: str
    section: str
    title: str
    url: str
    lines: list[str] = field(default_factory=list)
    ref: int = 0  # the partner profile of a match


@dataclass
class Filters:
    sectors: frozenset[int]
    countries: frozenset[str]
    regions: frozenset[str]
    instruments: frozenset[str]

    def accepts(self, item: Item) -> bool:
        """Empty filter = everything; an item without sectors/region applies to all of them."""
        if self.sectors and item.sectors and not (self.sectors & item.sectors):
            return False
        if self.countries and item.country in ("IN", "JP") and item.country not in self.countries:
            return False
        if self.regions and item.region and item.region not in self.regions:
            return False
        return not (
            self.instruments and item.instrument and item.instrument not in self.instruments
        )


def _selector(module: str, name: str):
    """The other app's selector, or None while that app has not provided it yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def available_sources() -> dict[str, bool]:
    return {
        "notices": _selector("programs.selectors", "notices_changed_between") is not None,
        "windows": _selector("programs.selectors", "windows_changed_between") is not None,
        "programmes": _selector("programs.selectors", "programmes_changed_between") is not None,
        "closing": _selector("programs.selectors", "windows_closing_within") is not None,
        "eligibility": _selector("programs.selectors", "eligible_windows_q") is not None,
        "matches": _selector("matchmaking.runs.selectors", "current_matches") is not None,
        "threads": _selector("forum.discussions.selectors", "subscribed_thread_updates")
        is not None,
    }


def _changed_at(obj: Any) -> datetime:
    return getattr(obj, "amended_at", None) or getattr(obj, "published_at", None) or obj.created_at


def _sector_ids(obj: Any) -> frozenset[int]:
    if not hasattr(obj, "sectors"):
        return frozenset()
    return frozenset(s.pk for s in obj.sectors.all())


def _item(section: str, obj: Any) -> Item:
    jurisdiction = getattr(obj, "jurisdiction", "") or ""
    return Item(
        key=f"{section}:{obj.pk}",
        section=section,
        changed_at=_changed_at(obj),
        obj=obj,
        sectors=_sector_ids(obj),
        country=jurisdiction if jurisdiction in ("IN", "JP") else "",
        region=getattr(obj, "region", "") or "",
        instrument=getattr(obj, "instrument", "") or "",
    )


def _with_sectors(qs: QuerySet) -> QuerySet:
    related = ["organisation"] if hasattr(qs.model, "organisation") else []
    qs = qs.select_related(*related)
    if any(f.name == "sectors" for f in qs.model._meta.get_fields()):
        qs = qs.prefetch_related("sectors")
    return qs


_eligibility_cache: dict = {}


@dataclass
class SharedContent:
    """Items every recipient of a batch chooses from, loaded with a handful of queries."""

    since: datetime
    until: datetime
    changed: list[Item]
    closing: list[Item]


_shared_cache: dict[tuple, SharedContent] = {}


def shared_content_for_run(
    *, run_id: int | None, since: datetime, until: datetime
) -> SharedContent:
    """`shared_content_load`, kept per worker process for the batches of one run: they ask for
    the same past window, whose items do not change (an item changed later has a later
    change time). One entry: the next run replaces it."""
    if run_id is None:
        return shared_content_load(since=since, until=until)
    key = (run_id, since, until)
    cached = _shared_cache.get(key)
    if cached is None:
        _shared_cache.clear()
        cached = _shared_cache[key] = shared_content_load(since=since, until=until)
    return cached


def shared_content_load(*, since: datetime, until: datetime) -> SharedContent:
    """Everything published or amended in [since, until) and the windows closing soon."""
    changed: list[Item] = []
    for section, name in (
        ("notices", "notices_changed_between"),
        ("windows", "windows_changed_between"),
        ("programmes", "programmes_changed_between"),
    ):
        selector = _selector("programs.selectors", name)
        if selector is None:
            continue
        changed += [_item(section, obj) for obj in _with_sectors(selector(since, until))]
    closing: list[Item] = []
    selector = _selector("programs.selectors", "windows_closing_within")
    if selector is not None:
        closing = [
            _item("closing", obj) for obj in _with_sectors(selector(CLOSING_DAYS, now=until))
        ]
    return SharedContent(since=since, until=until, changed=changed, closing=closing)


def eligible_closing_by_org(
    organisations: Iterable[Any], closing: list[Item], *, until: datetime | None = None
) -> dict[int, set]:
    """{organisation id: ids of the closing windows it is eligible for}.

    The rule is the programs app's own (`programs.eligibility.evaluate`, the twin of its
    `eligible_windows_q`), applied to the few windows closing soon; only the applicants are
    built here in bulk (`_applicants`), because `applicant_for` costs two queries per
    organisation and a batch holds hundreds of them.
    """
    try:
        from programs.eligibility import ELIGIBLE, evaluate
    except ImportError:
        return {}
    if not closing:
        return {}
    window_ids = tuple(sorted(item.obj.pk for item in closing))
    # Batches of one run share the closing list: reuse what this process already decided.
    cache_key = (until, window_ids)
    if _eligibility_cache.get("key") != cache_key:
        _eligibility_cache.clear()
        _eligibility_cache["key"] = cache_key
    known: dict[int, set] = _eligibility_cache.setdefault("orgs", {})
    verdicts: dict[Any, set] = _eligibility_cache.setdefault("applicants", {})
    orgs = [org for org in {org.pk: org for org in organisations}.values() if org.pk not in known]
    year = (until or timezone.now()).year
    for org, applicant in _applicants(orgs).items():
        if applicant not in verdicts:
            verdicts[applicant] = {
                item.obj.pk
                for item in closing
                if evaluate(item.obj, applicant, year=year).outcome == ELIGIBLE
            }
        known[org.pk] = verdicts[applicant]
    return known


def _applicants(organisations: list[Any]) -> dict[Any, Any]:
    """`programs.eligibility.applicant_for` for many organisations in three queries: sectors
    of their partner profiles, else of their members' interests, and one rate per currency."""
    from accounts.models import User
    from programs.eligibility import applicant_of

    if not organisations:
        return {}
    ids = [org.pk for org in organisations]
    profile_sectors: dict[int, set] = {}
    try:
        from matchmaking.models import PartnerProfile

        for org_id, sector_id in PartnerProfile.sectors.through.objects.filter(
            partnerprofile__organisation_id__in=ids
        ).values_list("partnerprofile__organisation_id", "sector_id"):
            profile_sectors.setdefault(org_id, set()).add(sector_id)
    except (ImportError, AttributeError):
        pass
    member_sectors: dict[int, set] = {}
    for org_id, sector_id in User.sectors_of_interest.through.objects.filter(
        user__organisation_id__in=ids
    ).values_list("user__organisation_id", "sector_id"):
        member_sectors.setdefault(org_id, set()).add(sector_id)
    rates: dict[str, Decimal | None] = {}
    result = {}
    for org in organisations:
        turnover_inr = None
        if org.annual_turnover is not None:
            currency = org.turnover_currency
            if currency not in rates:
                converted = convert(Decimal(1), currency, "INR")
                rates[currency] = converted.rate if converted else None
            if rates[currency] is not None:
                turnover_inr = (org.annual_turnover * rates[currency]).quantize(
                    Decimal(1), rounding=ROUND_HALF_UP
                )
        result[org] = applicant_of(
            org,
            sector_ids=frozenset(profile_sectors.get(org.pk) or member_sectors.get(org.pk, ())),
            turnover_inr=turnover_inr,
        )
    return result


def new_matches_by_profile(
    profiles: dict[int, Any], seen_by_profile: dict[int, set], *, language_of: dict
) -> dict[int, list[PersonalItem]]:
    """{profile id: its best matches whose partner no previous digest reported}.

    Match rows carry no creation time and the nightly full run stores every pair again, so
    "new" is judged against the partners already reported (DigestPreference field).
    """
    current_matches = _selector("matchmaking.runs.selectors", "current_matches")
    render_reasons = _selector("matchmaking.runs.reasons", "render_reasons")
    result: dict[int, list[PersonalItem]] = {}
    if current_matches is None or not profiles:
        return result
    for profile_id, profile in profiles.items():
        seen = seen_by_profile.get(profile_id, set())
        fresh = [m for m in current_matches(profile)[:20] if m.partner_id not in seen]
        items = []
        for match in fresh[:MATCHES_PER_DIGEST]:
            org = match.partner.organisation
            language = language_of[profile_id]
            reasons = render_reasons(match.reasons, language) if render_reasons else []
            items.append(
                PersonalItem(
                    key=f"match:{match.pk}",
                    section="matches",
                    title=pick(org, "name", language).text or org.name_en,
                    url=_partner_url(org),
                    lines=[f"{round(match.score * 100)}%", *reasons[:3]],
                    ref=match.partner_id,
                )
            )
        if items:
            result[profile_id] = items
    return result


def _partner_url(organisation: Any) -> str:
    try:
        return reverse("matchmaking:profile", kwargs={"slug": organisation.slug})
    except NoReverseMatch:
        return "/partners/"


def thread_updates(user: Any, since: datetime, until: datetime) -> list[PersonalItem]:
    selector = _selector("forum.discussions.selectors", "subscribed_thread_updates")
    if selector is None:
        return []
    items = []
    for update in selector(user, since, until):
        thread = getattr(update, "thread", update)
        count = getattr(update, "new_posts", 0) or 0
        lines = (
            [ngettext("%(count)d new reply", "%(count)d new replies", count) % {"count": count}]
            if count
            else []
        )
        items.append(
            PersonalItem(
                key=f"thread:{thread.pk}",
                section="threads",
                title=str(getattr(thread, "title", thread)),
                url=_url_of(thread) or "/forum/",
                lines=lines,
            )
        )
    return items


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _url_of(obj: Any) -> str:
    getter = getattr(obj, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:
        return ""


ROUTES = {
    "notices": "programs:notice_detail",
    "windows": "programs:window_detail",
    "closing": "programs:window_detail",
    "programmes": "programs:programme_detail",
}


def item_url(item: Item) -> str:
    """The item's page: its own get_absolute_url, else the programs app's detail route."""
    url = _url_of(item.obj)
    if url:
        return url
    try:
        return reverse(ROUTES[item.section], args=[item.obj.pk])
    except (KeyError, NoReverseMatch):
        return "/"


def select_for_recipient(
    *,
    shared: SharedContent,
    since: datetime,
    filters: Filters,
    sections: set[str],
    eligible_window_ids: set,
) -> list[Item]:
    """The shared items one recipient gets: changed since their previous digest and passing
    their filters, plus eligible windows that entered the 14-day horizon since then (those
    count as new) or are closing anyway (listed only alongside something new).
    """
    chosen = [
        item
        for item in shared.changed
        if item.section in sections and item.changed_at > since and filters.accepts(item)
    ]
    if "closing" in sections and eligible_window_ids:
        listed = {item.obj.pk for item in chosen if item.section == "windows"}
        chosen += [
            item
            for item in shared.closing
            if item.obj.pk in eligible_window_ids and item.obj.pk not in listed
        ]
    return chosen


def closing_is_new(item: Item, since: datetime) -> bool:
    """A closing-soon window is news once: when it entered the 14-day horizon."""
    return item.obj.closes_at - timedelta(days=CLOSING_DAYS) > since


def eligible_q_or_none(organisation: Any) -> Q | None:
    selector = _selector("programs.selectors", "eligible_windows_q")
    return selector(organisation) if selector and organisation is not None else None
