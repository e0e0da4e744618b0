"""What goes into a digest: items from the programs, matchmaking and forum apps.

Content is loaded ONCE per batch (shared items: notices, windows, programmes, windows closing
soon) and per batch in bulk (eligibility, matches), then filtered per recipient in Python with
set operations. The other apps are reached only through their selectors, imported plainly: a
renamed selector fails at start-up, not by emptying a section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import User
from accounts.notifications.kinds import localise
from accounts.notifications.models import Notification
from forum.discussions.selectors import subscribed_thread_updates
from forum.i18n import pick
from forum.money import convert
from matchmaking.models import PartnerProfile
from matchmaking.runs.reason_text import render_reasons
from matchmaking.runs.selectors import current_matches
from programs import selectors as programs_selectors
from programs.eligibility import ELIGIBLE, applicant_of, evaluate
from programs.models import FundingWindow, Publishable

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


def _item(section: str, obj: Publishable) -> Item:
    """Notices, windows and programmes are all `Publishable`: one shape, read the same way."""
    return Item(
        key=f"{section}:{obj.pk}",
        section=section,
        changed_at=obj.changed_at or obj.created_at,
        obj=obj,
        sectors=frozenset(s.pk for s in obj.sectors.all()),
        country=obj.jurisdiction if obj.jurisdiction in ("IN", "JP") else "",
        region=obj.region or "",
        instrument=obj.instrument if isinstance(obj, FundingWindow) else "",
    )


def _with_sectors(qs: QuerySet) -> QuerySet:
    return qs.select_related("organisation").prefetch_related("sectors")


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
    for section, selector in (
        ("notices", programs_selectors.notices_changed_between),
        ("windows", programs_selectors.windows_changed_between),
        ("programmes", programs_selectors.programmes_changed_between),
    ):
        changed += [_item(section, obj) for obj in _with_sectors(selector(since, until))]
    closing = [
        _item("closing", obj)
        for obj in _with_sectors(programs_selectors.windows_closing_within(CLOSING_DAYS, now=until))
    ]
    return SharedContent(since=since, until=until, changed=changed, closing=closing)


def eligible_closing_by_org(
    organisations: Iterable[Any], closing: list[Item], *, until: datetime | None = None
) -> dict[int, set]:
    """{organisation id: ids of the closing windows it is eligible for}.

    The rule is the programs app's own (`programs.eligibility.evaluate`, the twin of its
    `eligible_windows_q`), applied to the few windows closing soon; only the applicants are
    built here in bulk (`applicants_in_bulk`), because `applicant_for` costs two queries per
    organisation and a batch holds hundreds of them.
    """
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
    for org, applicant in applicants_in_bulk(orgs).items():
        if applicant not in verdicts:
            verdicts[applicant] = {
                item.obj.pk
                for item in closing
                if evaluate(item.obj, applicant, year=year).outcome == ELIGIBLE
            }
        known[org.pk] = verdicts[applicant]
    return known


def applicants_in_bulk(organisations: list[Any]) -> dict[Any, Any]:
    """`programs.eligibility.applicant_for` for many organisations in three queries: sectors
    of their partner profiles, else of their members' interests, and one rate per currency."""
    if not organisations:
        return {}
    ids = [org.pk for org in organisations]
    profile_sectors: dict[int, set] = {}
    for org_id, sector_id in PartnerProfile.sectors.through.objects.filter(
        partnerprofile__organisation_id__in=ids
    ).values_list("partnerprofile__organisation_id", "sector_id"):
        profile_sectors.setdefault(org_id, set()).add(sector_id)
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
            sector_ids=frozenset(profile_sectors.get(org.pk) or member_sectors.get(org.pk) or ()),
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
    result: dict[int, list[PersonalItem]] = {}
    if not profiles:
        return result
    for profile_id, profile in profiles.items():
        seen = seen_by_profile.get(profile_id, set())
        fresh = [m for m in current_matches(profile)[:20] if m.partner_id not in seen]
        items = []
        for match in fresh[:MATCHES_PER_DIGEST]:
            org = match.partner.organisation
            language = language_of[profile_id]
            reasons = render_reasons(match.reasons, language)
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
    return reverse("matchmaking:profile", kwargs={"slug": organisation.slug})


def thread_updates(user: Any, since: datetime, until: datetime) -> list[PersonalItem]:
    items = []
    for update in subscribed_thread_updates(user, since, until):
        thread = update.thread
        count = update.new_posts
        lines = (
            [ngettext("%(count)d new reply", "%(count)d new replies", count) % {"count": count}]
            if count
            else []
        )
        items.append(
            PersonalItem(
                key=f"thread:{thread.pk}",
                section="threads",
                title=thread.title,
                url=thread.get_absolute_url(),
                lines=lines,
            )
        )
    return items


def notification_items(notifications: list[Notification], until: datetime) -> list[PersonalItem]:
    """The person's notifications chosen "in my digest" (read through the notification
    centre's selector), in the active language. A saved-search hit lists its results under
    the search's name, so the digest says which saved search each item came from."""
    items = []
    for notification in notifications:
        if notification.created_at >= until:
            continue
        lines = []
        if notification.kind == "savedsearch_hits":
            lines = [localise(hit.get("title")) for hit in notification.params.get("items", [])]
        items.append(
            PersonalItem(
                key=f"notification:{notification.pk}",
                section="notifications",
                title=notification.text,
                url=notification.url or reverse("notifications:list"),
                lines=lines,
                ref=notification.pk,
            )
        )
    return items


ROUTES = {
    "notices": "programs:notice_detail",
    "windows": "programs:window_detail",
    "closing": "programs:window_detail",
    "programmes": "programs:programme_detail",
}


def item_url(item: Item) -> str:
    """The item's detail page in the programs app."""
    return reverse(ROUTES[item.section], args=[item.obj.pk])


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
