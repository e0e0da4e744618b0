"""Reads for matchmaking: visibility, the directory and its facets, contact privacy, lists.

The contact rule lives here and only here: `unlocked_org_ids` / `contact_for` decide whether a
viewer may see a profile's contact name, email and phone. Pages, the API, CSV exports and
emails all go through them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, cast

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Count, Exists, F, ManyToManyField, Model, OuterRef, Q, QuerySet

from accounts.models import Country, MsmeClass, Organisation, OrgKind
from forum import cacheversion
from forum.i18n import current_language
from forum.regions import region_name
from forum.search import search_filter, search_query
from matchmaking.models import (
    TERM_FIELDS,
    Introduction,
    IntroductionStatus,
    NotInterested,
    PartnerProfile,
    ShortlistEntry,
    Visibility,
)
from matchmaking.runs.models import Match
from matchmaking.runs.selectors import current_matches
from taxonomy.models import Capability, Certification, PartnershipType, Sector

# ---------------------------------------------------------------- visibility


def viewer_org_id(user) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return user.organisation_id


def visible_profiles(user) -> QuerySet[PartnerProfile]:
    """Profiles `user` may see: anonymous → public; members → public + members; own always."""
    qs = PartnerProfile.objects.filter(organisation__kind=OrgKind.MSME)
    if user is None or not user.is_authenticated:
        return qs.filter(visibility=Visibility.PUBLIC)
    allowed = Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
    if user.organisation_id:
        allowed |= Q(organisation_id=user.organisation_id)
    return qs.filter(allowed)


def with_listing_data(qs: QuerySet[PartnerProfile]) -> QuerySet[PartnerProfile]:
    """What a directory row or API item shows, fetched in a fixed number of queries."""
    return qs.select_related("organisation").prefetch_related(*TERM_FIELDS)


def with_partner_listing_data(matches: QuerySet[Match]) -> QuerySet[Match]:
    """Matches whose partner is shown as a full listing item (the API), terms included."""
    return matches.prefetch_related(*(f"partner__{terms}" for terms in TERM_FIELDS))


def profile_for_org_slug(user, slug: str) -> PartnerProfile | None:
    return with_listing_data(visible_profiles(user)).filter(organisation__slug=slug).first()


def profile_of(organisation: Organisation | None) -> PartnerProfile | None:
    """The organisation's partner profile, or None: the one way to find "my profile". It reads
    the reverse one-to-one, so a select_related("partner_profile") upstream costs no query."""
    if organisation is None:
        return None
    try:
        return organisation.partner_profile
    except PartnerProfile.DoesNotExist:
        return None


def own_profile(organisation: Organisation | None) -> PartnerProfile | None:
    """`profile_of` with everything its page lists fetched."""
    if organisation is None:
        return None
    return with_listing_data(PartnerProfile.objects.filter(organisation=organisation)).first()


# ---------------------------------------------------------------- contact privacy


def unlocked_org_ids(viewer_org: int | None, org_ids: Iterable[int]) -> set[int]:
    """Of `org_ids`, those whose contact details `viewer_org` may see (one query).

    Its own organisation, and organisations with an ACCEPTED introduction with it, either way.
    """
    org_ids = set(org_ids)
    if viewer_org is None or not org_ids:
        return set()
    unlocked = {viewer_org} & org_ids
    others = org_ids - unlocked
    if others:
        rows = Introduction.objects.filter(status=IntroductionStatus.ACCEPTED).filter(
            Q(from_organisation_id=viewer_org, to_organisation_id__in=others)
            | Q(to_organisation_id=viewer_org, from_organisation_id__in=others)
        )
        for a, b in rows.values_list("from_organisation_id", "to_organisation_id"):
            unlocked.add(b if a == viewer_org else a)
    return unlocked


def contact_for(profile: PartnerProfile, unlocked: set[int]) -> dict[str, str] | None:
    """The profile's contact details if unlocked for the viewer, else None."""
    if profile.organisation_id not in unlocked:
        return None
    return {
        "name": profile.contact_name,
        "email": profile.contact_email,
        "phone": profile.contact_phone,
    }


# ---------------------------------------------------------------- directory

FACET_FIELDS = (
    "sector",
    "capability",
    "country",
    "region",
    "certification",
    "partnership_type",
    "msme_class",
)
SORTS = {
    "relevance": ("-rank", "id"),  # only with a search; otherwise "recent"
    "recent": ("-updated_at", "id"),
    "newest": ("-created_at", "id"),
    "name": ("organisation__name_en", "id"),
}


@dataclass
class DirectoryFilters:
    q: str = ""
    sector: list[str] = field(default_factory=list)
    capability: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    certification: list[str] = field(default_factory=list)
    partnership_type: list[str] = field(default_factory=list)
    msme_class: list[str] = field(default_factory=list)
    sort: str = "recent"

    @classmethod
    def from_querydict(cls, data) -> DirectoryFilters:
        values = {name: [v for v in data.getlist(name) if v][:20] for name in FACET_FIELDS}
        q = (data.get("q") or "").strip()[:200]
        sort = data.get("sort") or ("relevance" if q else "recent")
        if sort == "relevance" and not q:
            sort = "recent"
        return cls(
            q=q,
            sort=sort if sort in SORTS else "recent",
            **values,
        )

    def is_selected(self, facet: str, value: str) -> bool:
        return value in getattr(self, facet)

    def selected(self) -> list[tuple[str, str]]:
        """(facet, value) of every chosen facet value, for the search form's hidden inputs."""
        return [(facet, value) for facet in FACET_FIELDS for value in getattr(self, facet)]


def _through_exists(m2m_field: str, slugs: list[str]) -> Exists:
    # Called with the names of PartnerProfile's own many-to-many fields only.
    m2m = cast(ManyToManyField, PartnerProfile._meta.get_field(m2m_field))
    # Once the app registry is ready the through model is a class, never None or a name.
    through = cast("type[Model]", m2m.remote_field.through)
    target = m2m.related_model._meta.model_name
    return Exists(
        through._default_manager.filter(
            partnerprofile_id=OuterRef("pk"), **{f"{target}__slug__in": slugs}
        )
    )


def directory(user, filters: DirectoryFilters) -> QuerySet[PartnerProfile]:
    """The visible profiles matching `filters`, sorted; each facet is OR within, AND across."""
    qs = visible_profiles(user)
    if filters.q:
        qs = qs.filter(search_filter(filters.q))
    if filters.sector:
        qs = qs.filter(_through_exists("sectors", filters.sector))
    if filters.capability:
        qs = qs.filter(_through_exists("capabilities_offered", filters.capability))
    if filters.certification:
        qs = qs.filter(_through_exists("certifications_held", filters.certification))
    if filters.partnership_type:
        qs = qs.filter(_through_exists("partnership_types", filters.partnership_type))
    if filters.country:
        qs = qs.filter(organisation__country__in=filters.country)
    if filters.region:
        qs = qs.filter(organisation__region__in=filters.region)
    if filters.msme_class:
        qs = qs.filter(organisation__msme_class__in=filters.msme_class)
    if filters.sort == "relevance":
        # A search with no terms gives None, which SearchRank takes as SQL NULL (the stubs do
        # not allow it, the code does: it wraps any value in SearchQuery(Value(...))).
        rank = SearchRank(F("search_vector"), search_query(filters.q))  # type: ignore[arg-type]
        qs = qs.annotate(rank=rank)
    return qs.order_by(*SORTS[filters.sort])


@dataclass
class FacetValue:
    value: str
    label: object  # a taxonomy row (localised in templates) or a plain string
    count: int
    selected: bool


#: Cache namespace of the directory's facet counts; matchmaking's profile services bump it.
FACETS_VERSION = "directory-facets"

TERM_FACETS: dict[str, tuple[str, Any]] = {
    "sector": ("sectors", Sector),
    "capability": ("capabilities_offered", Capability),
    "certification": ("certifications_held", Certification),
    "partnership_type": ("partnership_types", PartnershipType),
}
ORG_FACETS = ("country", "region", "msme_class")


def _term_counts(qs, path: str) -> dict[str, int]:
    counts = dict(
        qs.order_by()
        .values_list(f"{path}__slug")
        .annotate(n=Count("pk", distinct=True))
        .values_list(f"{path}__slug", "n")
    )
    counts.pop(None, None)
    return counts


def _org_counts(qs, column: str) -> dict[str, int]:
    rows = (
        qs.order_by()
        .values_list(f"organisation__{column}")
        .annotate(n=Count("pk"))
        .values_list(f"organisation__{column}", "n")
    )
    return {value: n for value, n in rows if value}


def _audience(user) -> str:
    """Who sees the same counts: anonymous visitors (public profiles); members (public and
    members-only), plus — only for a viewer whose own profile is hidden — that one."""
    if user is None or not user.is_authenticated:
        return "public"
    own_hidden = (
        user.organisation_id
        and PartnerProfile.objects.filter(
            organisation_id=user.organisation_id, visibility=Visibility.HIDDEN
        ).exists()
    )
    return f"members+{user.organisation_id}" if own_hidden else "members"


def directory_facets_key(user, filters: DirectoryFilters) -> str:
    """The cache key of the counts for this audience and these filters, under the version
    every profile write bumps; the page's facet fragment is cached under it too."""
    raw = json.dumps(asdict(filters), sort_keys=True)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"facets:{cacheversion.version(FACETS_VERSION)}:{_audience(user)}:{digest}"


#: What a cached listing item (a directory card, an API item) is keyed by, in page order.
LISTING_KEY_FIELDS = ("pk", "updated_at", "organisation__updated_at")


def listing_cache_keys(kind: str, rows, language: str) -> dict[int, str]:
    """Cache keys of listed profiles (`rows`: values of `LISTING_KEY_FIELDS`): under the
    directory's version, which every profile write bumps, and the profile's and organisation's
    `updated_at` (the organisation's name, region and verified badge are shown too)."""
    version = cacheversion.version(FACETS_VERSION)
    return {
        pk: f"{kind}:{version}:{language}:{pk}:{updated.timestamp():.6f}:{org.timestamp():.6f}"
        for pk, updated, org, *_ in rows
    }


def directory_facet_counts(
    user, filters: DirectoryFilters, *, key: str | None = None
) -> dict[str, dict[str, int]]:
    """Counts per facet value, and the number of profiles listed (under "total": {"": n}).
    Each facet is counted over the list filtered by the OTHER facets (and the search), so a
    reader can widen a facet (OR) as well as narrow.

    Cached per audience and filters, under a version that every profile write bumps
    (`FACETS_VERSION`), so no request scans the profile table for counts it already knows;
    writes that bypass the services (an admin's edit, an organisation's country) show after
    `DIRECTORY_FACETS_CACHE_SECONDS`. `key`: `directory_facets_key(user, filters)`, if known.
    """
    key = key or directory_facets_key(user, filters)
    cached = cache.get(key)
    if cached is not None:
        return cached

    def others(facet: str) -> QuerySet[PartnerProfile]:
        widened: dict[str, Any] = {facet: []}
        return directory(user, replace(filters, **widened))

    counts: dict[str, dict[str, int]] = {}
    for facet, (path, _model) in TERM_FACETS.items():
        counts[facet] = _term_counts(others(facet), path)
    for facet in ORG_FACETS:
        counts[facet] = _org_counts(others(facet), facet)
    total = cache.get(f"{key}:total")  # counted a moment ago by `directory_total`
    counts["total"] = {"": directory(user, filters).count() if total is None else total}
    cache.set(key, counts, timeout=settings.DIRECTORY_FACETS_CACHE_SECONDS)
    return counts


def directory_total(user, filters: DirectoryFilters, *, key: str | None = None) -> int:
    """How many profiles the directory lists for `filters`: from the facet counts' cache, or
    counted once and cached beside them (an API client needs the total, not the facets).
    `key`: `directory_facets_key(user, filters)`, when the caller has it already."""
    key = key or directory_facets_key(user, filters)
    found = cache.get_many([key, f"{key}:total"])
    if key in found:
        return found[key]["total"][""]
    if f"{key}:total" in found:
        return found[f"{key}:total"]
    total = directory(user, filters).count()
    cache.set(f"{key}:total", total, timeout=settings.DIRECTORY_FACETS_CACHE_SECONDS)
    return total


def directory_page_rows(page: Page, *, key: str) -> list[tuple]:
    """The rows (values of `LISTING_KEY_FIELDS`) of one directory page, cached beside the
    facet counts under their key (`directory_facets_key`) and for as long.

    A search sorted by relevance has to rank every hit to find the first 20 (at 100,000
    profiles a two-word Japanese search ranks about 10,000 rows: some 50 ms of SQL), and readers
    page back and forth through the same results or come back to them; every profile write
    changes the key, so an edit through the profile services shows at once.
    """
    rows = cache.get_or_set(
        f"{key}:rows:{page.paginator.per_page}:{page.number}",
        lambda: list(page.object_list),
        timeout=settings.DIRECTORY_FACETS_CACHE_SECONDS,
    )
    return cast(list[tuple], rows)


def directory_facets(
    user, filters: DirectoryFilters, *, key: str | None = None
) -> tuple[dict, int]:
    """The facet counts with their labels, and the number of profiles listed: one query per
    term facet for the vocabulary rows (small tables), whatever the number of profiles."""
    language = current_language()
    counts = directory_facet_counts(user, filters, key=key)
    out: dict[str, list[FacetValue]] = {}
    for facet, (_path, model) in TERM_FACETS.items():
        found = counts[facet]
        terms = (
            model.objects.filter(slug__in=found).order_by(*model._meta.ordering) if found else []
        )
        out[facet] = [
            FacetValue(t.slug, t, found[t.slug], filters.is_selected(facet, t.slug)) for t in terms
        ]
    labels = {
        "country": lambda v: Country(v).label,
        "region": lambda v: region_name(v, language),
        "msme_class": lambda v: MsmeClass(v).label,
    }
    for facet in ORG_FACETS:
        values = [
            FacetValue(value, labels[facet](value), n, filters.is_selected(facet, value))
            for value, n in counts[facet].items()
        ]
        out[facet] = sorted(values, key=lambda v: (-v.count, str(v.label)))
    return out, counts["total"][""]


# ---------------------------------------------------------------- shortlist, introductions


def shortlist(organisation: Organisation) -> QuerySet[ShortlistEntry]:
    return (
        ShortlistEntry.objects.filter(organisation=organisation)
        .select_related("profile__organisation")
        .prefetch_related("profile__sectors", "profile__capabilities_offered")
    )


def shortlisted_profile_ids(organisation_id: int | None) -> set[int]:
    if organisation_id is None:
        return set()
    return set(
        ShortlistEntry.objects.filter(organisation_id=organisation_id).values_list(
            "profile_id", flat=True
        )
    )


def introductions_for(
    organisation: Organisation, *, box: str = "", status: str = ""
) -> QuerySet[Introduction]:
    """Requests sent and received by `organisation`, newest first; `box` ("received" /
    "sent") and `status` narrow it (unknown values list nothing, never everything)."""
    if box == "received":
        qs = Introduction.objects.filter(to_organisation=organisation)
    elif box == "sent":
        qs = Introduction.objects.filter(from_organisation=organisation)
    elif box:
        qs = Introduction.objects.none()
    else:
        qs = Introduction.objects.filter(
            Q(from_organisation=organisation) | Q(to_organisation=organisation)
        )
    if status:
        qs = qs.filter(status=status) if status in IntroductionStatus.values else qs.none()
    return qs.select_related(
        "from_organisation", "to_organisation", "partnership_type", "conversation"
    ).order_by("-created_at", "-id")


def open_introduction_between(a: int, b: int) -> Introduction | None:
    return Introduction.objects.filter(
        Q(from_organisation_id=a, to_organisation_id=b)
        | Q(from_organisation_id=b, to_organisation_id=a),
        status=IntroductionStatus.PENDING,
    ).first()


def introduction_states(viewer_org: int | None, org_ids: Iterable[int]) -> dict[int, str]:
    """Latest introduction status with each of `org_ids` (one query), for buttons on lists."""
    if viewer_org is None:
        return {}
    org_ids = set(org_ids)
    states: dict[int, str] = {}
    rows = (
        Introduction.objects.filter(
            Q(from_organisation_id=viewer_org, to_organisation_id__in=org_ids)
            | Q(to_organisation_id=viewer_org, from_organisation_id__in=org_ids)
        )
        .order_by("created_at", "id")
        .values_list("from_organisation_id", "to_organisation_id", "status")
    )
    for a, b, status in rows:
        other = b if a == viewer_org else a
        if states.get(other) != IntroductionStatus.ACCEPTED:
            states[other] = status
    return states


# ---------------------------------------------------------------- matches


def my_matches(
    organisation: Organisation, profile: PartnerProfile, *, sector=None, partnership_type=None
) -> QuerySet:
    """The profile's current matches minus pairs marked "not interested" since the run."""

    hidden = NotInterested.objects.filter(
        Q(organisation=organisation) | Q(other=organisation)
    ).values_list("organisation_id", "other_id")
    hidden_ids = {b if a == organisation.pk else a for a, b in hidden}
    matches = current_matches(profile, sector=sector, partnership_type=partnership_type)
    if hidden_ids:
        matches = matches.exclude(partner__organisation_id__in=hidden_ids)
    return matches
