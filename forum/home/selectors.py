"""Reads for the home page of each role, from the domain apps' own selectors and tables.

Each `*_home` function returns everything its page shows in a fixed number of queries (the
tests pin them), and every number comes with the filtered list it links to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrgKind, User, Verification
from digests.selectors import runs_with_counts
from forum.discussions.models import Flag, FlagStatus, Post, PostStatus
from forum.discussions.selectors import followed_threads
from forum.home.services import VisitState
from matchmaking.engine.features import WEIGHTS
from matchmaking.models import (
    Introduction,
    IntroductionStatus,
    NotInterested,
    PartnerProfile,
)
from matchmaking.runs.models import CurrentRun, Match, MatchRun
from matchmaking.runs.reason_text import render_reasons
from matchmaking.selectors import visible_profiles
from programs.eligibility import organisation_criteria_q, with_turnover_inr
from programs.models import (
    EnrolmentStatus,
    FundingWindow,
    InterestStatus,
    NoticeKind,
    NoticeRead,
    NoticeVisitorDay,
    PolicyNotice,
    Status,
)
from programs.selectors import EligiblePool, ListFilters, eligible_pool, filter_windows

ELIGIBLE_CLOSING_DAYS = 14
DEADLINE_DAYS = 60
TOP_MATCHES = 3
LIST_LIMIT = 5
PENDING_FETCH = 200


def _organisation_of(user: User) -> Organisation:
    """The views send people without an organisation to the front page before calling here."""
    if user.organisation is None:
        raise PermissionDenied(_("Only members of an organisation have this home page."))
    return user.organisation


def _url(name: str, query: str = "", **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs or None) + (f"?{query}" if query else "")


# ---------------------------------------------------------------- MSME


@dataclass(frozen=True)
class MissingField:
    field: str
    label: Any
    why: Any
    points: int

    @property
    def explanation(self) -> str:
        return str(self.why) % {"points": self.points}


# What a profile field adds to a match (matchmaking.engine.features.WEIGHTS), most first.
PROFILE_FIELDS: tuple[tuple[str, Any, Any, int], ...] = (
    (
        "capabilities_offered",
        _("add the capabilities you offer"),
        _("each one a partner seeks adds %(points)s points to a match"),
        WEIGHTS["fit"],
    ),
    (
        "capabilities_sought",
        _("add the capabilities you seek"),
        _("each one a partner offers adds %(points)s points to a match"),
        WEIGHTS["fit"],
    ),
    (
        "sectors",
        _("add your sectors"),
        _("each sector you share with a partner adds %(points)s points"),
        WEIGHTS["sector"],
    ),
    (
        "certifications_held",
        _("add your certifications"),
        _("each certification a partner requires and you hold adds %(points)s points"),
        WEIGHTS["cert_held"],
    ),
    (
        "target_markets",
        _("add your target markets"),
        _("each market you share with a partner adds %(points)s points"),
        WEIGHTS["market"],
    ),
    (
        "working_languages",
        _("add your working languages"),
        _("each language you share with a partner adds %(points)s points"),
        WEIGHTS["language"],
    ),
    (
        "partnership_types",
        _("add the partnership types you seek"),
        _("each type you share with a partner adds %(points)s points"),
        WEIGHTS["partnership_type"],
    ),
)


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[MissingField]

    @property
    def next_step(self) -> MissingField | None:
        return self.missing[0] if self.missing else None


def profile_completeness(organisation: Organisation) -> tuple[PartnerProfile | None, Completeness]:
    """The profile (one query, every facet as an EXISTS) and which missing field is worth most."""
    annotations = {}
    for name, *_rest in PROFILE_FIELDS:
        if name == "working_languages":
            continue
        through = getattr(PartnerProfile, name).through
        column = f"{PartnerProfile._meta.model_name}_id"
        annotations[f"has_{name}"] = Exists(through.objects.filter(**{column: OuterRef("pk")}))
    profile = (
        PartnerProfile.objects.filter(organisation=organisation).annotate(**annotations).first()
    )
    total = sum(points for *_rest, points in PROFILE_FIELDS)
    if profile is None:
        missing = [MissingField(n, label, why, p) for n, label, why, p in PROFILE_FIELDS]
        return None, Completeness(0, missing)
    missing = []
    for name, label, why, points in PROFILE_FIELDS:
        has = (
            bool(profile.working_languages)
            if name == "working_languages"
            else (getattr(profile, f"has_{name}"))
        )
        if not has:
            missing.append(MissingField(name, label, why, points))
    filled = total - sum(m.points for m in missing)
    return profile, Completeness(round(100 * filled / total), missing)


@dataclass
class MatchItem:
    match: Match
    reasons: list[str]


@dataclass
class IntroItem:
    introduction: Introduction
    other: Organisation
    days_left: int


@dataclass
class MsmeHome:
    organisation: Organisation
    profile: PartnerProfile | None
    completeness: Completeness
    visit: VisitState
    new_matches: list[MatchItem]
    new_match_count: int
    match_count: int
    received: list[IntroItem]
    received_count: int
    sent: list[IntroItem]
    sent_count: int
    windows: list[FundingWindow]
    window_count: int
    sessions: list
    threads: list  # followed threads' subscriptions with `new_posts`
    thread_count: int
    links: dict[str, str] = field(default_factory=dict)


def _current_match_rows(organisation: Organisation, profile: PartnerProfile) -> list[Match]:
    """The profile's current matches (at most MATCHRUNS_K rows) minus pairs marked "not
    interested" either way since the run, partners' organisations joined: one query."""
    partner_org = OuterRef("partner__organisation_id")
    hidden = NotInterested.objects.filter(
        Q(organisation=organisation, other_id=partner_org)
        | Q(other=organisation, organisation_id=partner_org)
    )
    run_id = Subquery(CurrentRun.objects.filter(pk=1).values("run_id")[:1])
    return list(
        Match.objects.filter(run_id=run_id, profile=profile)
        .exclude(partner__visibility="hidden")
        .exclude(Exists(hidden))
        .select_related("partner__organisation")
        # The home shows the partner's organisation only: not the profile's texts and vector.
        .only("partner_id", "rank", "score", "reasons", "partner__organisation")
        .order_by("rank")
    )


def _days_left(expires_at: datetime, now: datetime) -> int:
    return max(0, (expires_at - now).days)


@dataclass(frozen=True)
class MsmeMatches:
    """The profile and its current matches: read before the visit is recorded, because the
    visit remembers which partners were on the page."""

    profile: PartnerProfile | None
    completeness: Completeness
    matches: list[Match]

    @property
    def partner_ids(self) -> list[int]:
        return [m.partner_id for m in self.matches]


def msme_matches(user: User) -> MsmeMatches:
    organisation = _organisation_of(user)
    profile, completeness = profile_completeness(organisation)
    matches = _current_match_rows(organisation, profile) if profile is not None else []
    return MsmeMatches(profile, completeness, matches)


def msme_home(
    user: User,
    *,
    found: MsmeMatches,
    visit: VisitState,
    language: str,
    now: datetime | None = None,
) -> MsmeHome:
    """Everything else on the MSME's home, with `found`'s matches split by the previous visit."""
    now = now or timezone.now()
    organisation = _organisation_of(user)
    profile, completeness, matches = found.profile, found.completeness, found.matches
    new = [m for m in matches if m.partner_id not in visit.known_partner_ids]

    pending = Introduction.objects.filter(
        Q(to_organisation=organisation) | Q(from_organisation=organisation),
        status=IntroductionStatus.PENDING,
        expires_at__gt=now,
    )
    # One query for both lists and their counts: an organisation has few open requests (at most
    # MATCHMAKING_MAX_INTRO_REQUESTS_PER_DAY × 14 sent); past PENDING_FETCH it counts in SQL.
    rows = list(
        pending.select_related("from_organisation", "to_organisation").order_by("expires_at", "id")[
            :PENDING_FETCH
        ]
    )
    all_received = [i for i in rows if i.to_organisation_id == organisation.pk]
    all_sent = [i for i in rows if i.from_organisation_id == organisation.pk]
    counts = {"received": len(all_received), "sent": len(all_sent)}
    if len(rows) == PENDING_FETCH:
        counts = pending.aggregate(
            received=Count("pk", filter=Q(to_organisation=organisation)),
            sent=Count("pk", filter=Q(from_organisation=organisation)),
        )
    received = [
        IntroItem(i, i.from_organisation, _days_left(i.expires_at, now))
        for i in all_received[:LIST_LIMIT]
    ]
    sent = [
        IntroItem(i, i.to_organisation, _days_left(i.expires_at, now))
        for i in all_sent[:LIST_LIMIT]
    ]

    windows_qs = filter_windows(
        ListFilters(eligible=True, closing_within=ELIGIBLE_CLOSING_DAYS, open_now=True),
        user=user,
        now=now,
    )
    windows = list(windows_qs[:LIST_LIMIT])
    window_count = len(windows) if len(windows) < LIST_LIMIT else windows_qs.count()

    sessions = list(
        user.programme_enrolments.filter(
            status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED],
            session__starts_at__gt=now,
        )
        .select_related("session__programme__organisation")
        .order_by("session__starts_at", "id")[:LIST_LIMIT]
    )
    unread_threads = followed_threads(user, unread_only=True)
    threads = list(unread_threads[:LIST_LIMIT])
    thread_count = len(threads) if len(threads) < LIST_LIMIT else unread_threads.count()
    return MsmeHome(
        organisation=organisation,
        profile=profile,
        completeness=completeness,
        visit=visit,
        new_matches=[MatchItem(m, render_reasons(m.reasons, language)) for m in new[:TOP_MATCHES]],
        new_match_count=len(new),
        match_count=len(matches),
        received=received,
        received_count=counts["received"],
        sent=sent,
        sent_count=counts["sent"],
        windows=windows,
        window_count=window_count,
        sessions=sessions,
        threads=threads,
        thread_count=thread_count,
        links={
            "matches": _url("matchmaking:matches"),
            "received": _url("matchmaking:introductions", "box=received&status=pending"),
            "sent": _url("matchmaking:introductions", "box=sent&status=pending"),
            "windows": _url(
                "programs:window_list",
                f"eligible=1&open_now=1&closing_within={ELIGIBLE_CLOSING_DAYS}&sort=closing",
            ),
            "sessions": _url("programs:mine"),
            "threads": _url("discussions:followed", "new=1"),
            "followed": _url("discussions:followed"),
            "profile": _url("matchmaking:profile_edit"),
        },
    )


# ---------------------------------------------------------------- regulator


@dataclass
class RegulatorHome:
    organisation: Organisation
    notices: list[Any]  # PolicyNotice annotated with `readers`
    counts: dict[str, int]
    deadlines: list[PolicyNotice]
    consultations: list[PolicyNotice]
    links: dict[str, str]


def with_audience(notices: QuerySet[PolicyNotice], *, zone: str) -> QuerySet[PolicyNotice]:
    """Notices annotated with `readers` (signed-in readers) and `visitors` (visits of people
    not signed in, once per browser and day of `zone`, the reader's counting zone), as
    subqueries so the notices' own query stays the only one."""
    readers = (
        NoticeRead.objects.filter(notice=OuterRef("pk"))
        .order_by()
        .values("notice")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    visitors = (
        NoticeVisitorDay.objects.filter(notice=OuterRef("pk"), zone=zone)
        .order_by()
        .values("notice")
        .annotate(n=Sum("visitors"))
        .values("n")[:1]
    )
    return notices.annotate(
        readers=Coalesce(Subquery(readers, output_field=IntegerField()), 0),
        visitors=Coalesce(Subquery(visitors, output_field=IntegerField()), 0),
    )


def regulator_home(user: User, *, zone: str, now: datetime | None = None) -> RegulatorHome:
    """`zone`: the reader's counting zone, whose days the visitors were counted in."""
    now = now or timezone.now()
    organisation = _organisation_of(user)
    today = timezone.localdate(now)
    own = PolicyNotice.objects.filter(organisation=organisation)
    counts = own.aggregate(
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        published=Count("pk", filter=Q(status=Status.PUBLISHED)),
        amended=Count("pk", filter=Q(status=Status.PUBLISHED, amended_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
    )
    notices = list(
        with_audience(own.exclude(status=Status.WITHDRAWN), zone=zone).order_by(
            "status", "-updated_at", "-id"
        )[:10]
    )
    horizon = today + timedelta(days=DEADLINE_DAYS)
    deadlines = list(
        own.filter(
            status=Status.PUBLISHED,
            compliance_deadline__gte=today,
            compliance_deadline__lte=horizon,
        ).order_by("compliance_deadline", "id")[:LIST_LIMIT]
    )
    consultations = list(
        PolicyNotice.objects.filter(
            status=Status.PUBLISHED,
            kind=NoticeKind.CONSULTATION,
            compliance_deadline__gte=today,
            compliance_deadline__lte=horizon,
        )
        .exclude(organisation=organisation)
        .select_related("organisation")
        .order_by("compliance_deadline", "id")[:LIST_LIMIT]
    )
    mine = "mine=1"
    return RegulatorHome(
        organisation=organisation,
        notices=notices,
        counts=counts,
        deadlines=deadlines,
        consultations=consultations,
        links={
            "draft": _url("programs:notice_list", f"{mine}&status=draft"),
            "published": _url("programs:notice_list", f"{mine}&status=published"),
            "amended": _url("programs:notice_list", f"{mine}&status=amended"),
            "withdrawn": _url("programs:notice_list", f"{mine}&status=withdrawn"),
            "deadlines": _url(
                "programs:notice_list", f"{mine}&closing_within={DEADLINE_DAYS}&sort=closing"
            ),
            "consultations": _url(
                "programs:notice_list",
                f"kind=consultation&closing_within={DEADLINE_DAYS}&sort=closing",
            ),
        },
    )


# ---------------------------------------------------------------- financier


CRITERION_LABELS = {
    "country": _("country"),
    "sector": _("sector"),
    "msme_class": _("MSME class"),
    "employees": _("employees"),
    "turnover": _("turnover"),
    "udyam": _("Udyam registration"),
    "years": _("years in business"),
}


@dataclass
class WindowRow:
    window: FundingWindow
    new: int
    contacted: int
    declined: int
    pool: EligiblePool | None

    @property
    def top_exclusion(self) -> tuple[str, int, str] | None:
        """(the criterion's name in the reader's language, organisations it excludes, its key
        for the list of those organisations)."""
        top = self.pool.top_exclusion if self.pool is not None else None
        return (str(CRITERION_LABELS.get(top[0], top[0])), top[1], top[0]) if top else None


@dataclass
class FinancierHome:
    organisation: Organisation
    windows: list[WindowRow]
    counts: dict[str, int]


def cached_eligible_pool(window: FundingWindow, *, now: datetime) -> EligiblePool:
    """`eligible_pool` kept for HOME_ELIGIBLE_POOL_CACHE_SECONDS, keyed by the window's last
    change so an edited window is recounted at once."""
    key = f"home:pool:{window.pk}:{window.updated_at.timestamp():.0f}:{now.year}"
    pool = cache.get(key)
    if pool is None:
        pool = eligible_pool(window, year=now.year)
        cache.set(key, pool, timeout=settings.HOME_ELIGIBLE_POOL_CACHE_SECONDS)
    return pool


def financier_home(user: User, *, now: datetime | None = None) -> FinancierHome:
    now = now or timezone.now()
    organisation = _organisation_of(user)
    own = FundingWindow.objects.filter(organisation=organisation)
    counts = own.aggregate(
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        open=Count("pk", filter=Q(status=Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)),
    )
    windows = list(
        own.exclude(status=Status.WITHDRAWN)
        .annotate(
            n_new=Count("interests", filter=Q(interests__status=InterestStatus.SENT)),
            n_contacted=Count("interests", filter=Q(interests__status=InterestStatus.CONTACTED)),
            n_declined=Count("interests", filter=Q(interests__status=InterestStatus.DECLINED)),
        )
        .prefetch_related("sectors")
        .order_by("closes_at", "id")[:10]
    )
    rows = []
    for window in windows:
        is_open = window.status == Status.PUBLISHED and window.is_open(now)
        rows.append(
            WindowRow(
                window,
                window.n_new,
                window.n_contacted,
                window.n_declined,
                cached_eligible_pool(window, now=now) if is_open else None,
            )
        )
    return FinancierHome(organisation=organisation, windows=rows, counts=counts)


@dataclass
class PoolList:
    """The organisations behind one number of a window's eligible pool: `profiles` are those
    listed in the partner directory (directory fields only), `unlisted` the others counted."""

    window: FundingWindow
    excluded_by: str  # "" for the eligible organisations, else the criterion
    total: int
    profiles: QuerySet[PartnerProfile]
    criteria: list[tuple[str, str]]  # (key, name in the reader's language) the window sets

    @property
    def criterion_label(self) -> str:
        return str(CRITERION_LABELS.get(self.excluded_by, self.excluded_by))


def pool_organisations(
    window: FundingWindow, *, excluded_by: str = "", year: int | None = None
) -> QuerySet[Organisation]:
    """The MSME organisations `eligible_pool` counts as eligible for `window` (every criterion
    met) or, with `excluded_by`, as excluded by that criterion: the same filters, so each
    number and its list agree. An unknown criterion lists nobody."""
    criteria = organisation_criteria_q(window, year=year)
    organisations = with_turnover_inr(Organisation.objects.filter(kind=OrgKind.MSME))
    if excluded_by:
        if excluded_by not in criteria:
            return organisations.none()
        return organisations.filter(~criteria[excluded_by])
    all_met = Q()
    for q in criteria.values():
        all_met &= q
    return organisations.filter(all_met)


def pool_list(
    window: FundingWindow, *, viewer: User, excluded_by: str = "", now: datetime | None = None
) -> PoolList:
    """The list behind the financier's pool numbers: the count of every organisation (one
    query) and, to page through, the directory profiles among them that `viewer` may see,
    with what a directory card shows (no contact details)."""
    now = now or timezone.now()
    organisations = pool_organisations(window, excluded_by=excluded_by, year=now.year)
    profiles = (
        visible_profiles(viewer)
        .filter(organisation__in=organisations.values("pk"))
        .select_related("organisation")
        .prefetch_related("sectors")
        .order_by("organisation__name_en", "pk")
    )
    criteria = [
        (key, str(CRITERION_LABELS.get(key, key)))
        for key in organisation_criteria_q(window, year=now.year)
    ]
    return PoolList(window, excluded_by, organisations.count(), profiles, criteria)


# ---------------------------------------------------------------- admin


@dataclass
class AdminHome:
    verification_count: int
    verification_oldest: datetime | None
    moderation_count: int
    moderation_oldest_flag: datetime | None
    match_run: MatchRun | None
    digest_run: Any
    links: dict[str, str]


def admin_home() -> AdminHome:
    pending = Organisation.objects.filter(verification_status=Verification.PENDING).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    queue = Post.objects.filter(Q(status=PostStatus.PENDING) | Q(open_flag_count__gt=0)).count()
    oldest_flag = Flag.objects.filter(status=FlagStatus.OPEN).aggregate(oldest=Min("created_at"))
    return AdminHome(
        verification_count=pending["n"],
        verification_oldest=pending["oldest"],
        moderation_count=queue,
        moderation_oldest_flag=oldest_flag["oldest"],
        match_run=MatchRun.objects.order_by("-created_at", "-id").first(),
        digest_run=runs_with_counts().first(),
        links={
            "verification": _url("verification_queue"),
            "moderation": _url("discussions:moderation_queue"),
            "match_runs": _url("matchruns:list"),
            "digest_runs": _url("digests:run_list"),
            "staff": _url("home:staff_dashboard"),
        },
    )
