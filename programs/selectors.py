"""Reads of the programs app. The `*_changed_between`, `windows_closing_within`,
`eligible_windows_q` and `completed_topics_by_organisation` names are a contract with the digest
and matchmaking apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Count, Min, Prefetch, Q, QuerySet, When
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.permissions import acts_as_staff, is_signed_in
from forum.search import apply_search
from programs.eligibility import (
    applicant_for,
    eligible_q,
    organisation_criteria_q,
    with_turnover_inr,
)
from programs.models import (
    Enrolment,
    EnrolmentStatus,
    ExpressionOfInterest,
    FundingWindow,
    InterestStatus,
    PolicyNotice,
    Status,
    TrainingProgramme,
    TrainingSession,
)
from programs.models.common import Publishable

CLOSING_SOON_DAYS = 14


def _visible(qs: QuerySet, user: User | AnonymousUser | None) -> QuerySet:
    """Published and withdrawn items for everyone, plus drafts of the reader's organisation."""
    readable = Q(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    if is_signed_in(user):
        if user.organisation_id:
            readable |= Q(organisation_id=user.organisation_id)
        elif acts_as_staff(user):
            readable |= Q(organisation__isnull=True)
    return qs.filter(readable)


def _changed_between(qs: QuerySet, since: datetime, until: datetime) -> QuerySet:
    return qs.filter(status=Status.PUBLISHED).filter(
        Q(published_at__gte=since, published_at__lt=until)
        | Q(amended_at__gte=since, amended_at__lt=until)
    )


def notice_list() -> QuerySet[PolicyNotice]:
    return PolicyNotice.objects.select_related("organisation").prefetch_related(
        "sectors", "attachments"
    )


def window_list() -> QuerySet[FundingWindow]:
    return FundingWindow.objects.select_related("organisation").prefetch_related("sectors")


def programme_list() -> QuerySet[TrainingProgramme]:
    upcoming = TrainingSession.objects.annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    ).order_by("starts_at", "id")
    return TrainingProgramme.objects.select_related("organisation").prefetch_related(
        "sectors", Prefetch("sessions", queryset=upcoming)
    )


def notices_changed_between(since: datetime, until: datetime) -> QuerySet[PolicyNotice]:
    """Published notices first published, or amended, in [since, until). For digests."""
    return _changed_between(notice_list(), since, until).order_by("-published_at")


def windows_changed_between(since: datetime, until: datetime) -> QuerySet[FundingWindow]:
    """Published funding windows first published, or amended, in [since, until). For digests."""
    return _changed_between(window_list(), since, until).order_by("closes_at")


def programmes_changed_between(since: datetime, until: datetime) -> QuerySet[TrainingProgramme]:
    """Published programmes first published, or amended, in [since, until). For digests."""
    return _changed_between(programme_list(), since, until).order_by("-published_at")


def windows_closing_within(days: int, now: datetime | None = None) -> QuerySet[FundingWindow]:
    """Published windows open at `now` that close within `days` days, soonest first."""
    now = now or timezone.now()
    return (
        window_list()
        .filter(
            status=Status.PUBLISHED,
            opens_at__lte=now,
            closes_at__gt=now,
            closes_at__lte=now + timedelta(days=days),
        )
        .order_by("closes_at", "id")
    )


def eligible_windows_q(organisation: Organisation) -> Q:
    """A Q on FundingWindow: the windows for which `organisation` meets every criterion
    (the database twin of `programs.eligibility.evaluate(...).outcome == "eligible"`)."""
    return eligible_q(applicant_for(organisation))


def completed_topics_by_organisation(org_ids: list[int] | None = None) -> dict[int, list[str]]:
    """Topic slugs of programmes each organisation has completed (a person of it completed
    a session), for the organisation page's badges and for matching."""
    qs = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    if org_ids is not None:
        qs = qs.filter(organisation_id__in=org_ids)
    result: dict[int, list[str]] = {}
    for org_id, topic in (
        qs.values_list("organisation_id", "session__programme__topic").distinct().order_by()
    ):
        result.setdefault(org_id, [])
        if topic not in result[org_id]:
            result[org_id].append(topic)
    for topics in result.values():
        topics.sort()
    return result


def completed_programmes(organisation: Organisation) -> QuerySet[TrainingProgramme]:
    """Programmes an organisation completed, for its badges."""
    return (
        TrainingProgramme.objects.filter(
            sessions__enrolments__organisation=organisation,
            sessions__enrolments__status=EnrolmentStatus.COMPLETED,
        )
        .select_related("organisation")
        .distinct()
        .order_by("topic", "id")
    )


# --- filtered lists (HTML and API share these) -------------------------------------------


@dataclass
class ListFilters:
    q: str = ""
    sector: str = ""
    country: str = ""
    region: str = ""
    kind: str = ""
    instrument: str = ""
    topic: str = ""
    open_now: bool = False
    closing_within: int | None = None
    eligible: bool = False
    sort: str = ""
    # The reader's own organisation's items only, and one publication state of them
    # (draft / published / amended / withdrawn): the lists behind the home page's numbers.
    mine: bool = False
    status: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ListFilters:
        def _int(value: Any) -> int | None:
            try:
                number = int(value)
            except (TypeError, ValueError):
                return None
            return number if 0 < number <= 3650 else None

        def _bool(value: Any) -> bool:
            return str(value).lower() in ("1", "true", "on", "yes")

        return cls(
            q=(params.get("q") or "").strip()[:200],
            sector=(params.get("sector") or "").strip(),
            country=(params.get("country") or "").strip().upper(),
            region=(params.get("region") or "").strip().upper(),
            kind=(params.get("kind") or "").strip(),
            instrument=(params.get("instrument") or "").strip(),
            topic=(params.get("topic") or "").strip(),
            open_now=_bool(params.get("open_now")),
            closing_within=_int(params.get("closing_within")),
            eligible=_bool(params.get("eligible")),
            sort=(params.get("sort") or "").strip(),
            mine=_bool(params.get("mine")),
            status=(params.get("status") or "").strip(),
        )


def _common_filters(qs: QuerySet, f: ListFilters) -> QuerySet:
    qs = apply_search(qs, f.q)
    if f.sector:
        qs = qs.filter(sectors__slug=f.sector)
    if f.country in ("IN", "JP"):
        qs = qs.filter(jurisdiction__in=[f.country, "BI"])
    elif f.country == "BI":
        qs = qs.filter(jurisdiction="BI")
    if f.region:
        qs = qs.filter(region=f.region)
    return qs


def _own_filters(qs: QuerySet, f: ListFilters, user: User | AnonymousUser | None) -> QuerySet:
    """`mine` and `status`: an unknown status or `mine` without an organisation lists nothing
    rather than everything, so a link's number and its list always agree."""
    if f.mine:
        org_id = user.organisation_id if is_signed_in(user) else None
        qs = qs.filter(organisation_id=org_id) if org_id else qs.none()
    if f.status == "amended":
        qs = qs.filter(status=Status.PUBLISHED, amended_at__isnull=False)
    elif f.status in Status.values:
        qs = qs.filter(status=f.status)
    elif f.status:
        qs = qs.none()
    return qs


def filter_notices(f: ListFilters, *, user: User | AnonymousUser | None) -> QuerySet[PolicyNotice]:
    qs = _own_filters(_common_filters(_visible(notice_list(), user), f), f, user)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.closing_within:
        today = timezone.localdate()
        qs = qs.filter(
            compliance_deadline__gte=today,
            compliance_deadline__lte=today + timedelta(days=f.closing_within),
        )
    if f.sort == "closing":
        return qs.order_by("compliance_deadline", "-id")
    return qs.order_by("-published_at", "-id")


def filter_windows(
    f: ListFilters, *, user: User | AnonymousUser | None, now: datetime | None = None
) -> QuerySet[FundingWindow]:
    now = now or timezone.now()
    qs = _own_filters(_visible(window_list(), user), f, user)
    if f.country in ("IN", "JP"):
        # A window is for a country when its applicants may come from there.
        qs = apply_search(qs, f.q).filter(
            Q(applicant_countries=[])
            | Q(applicant_countries__contains=[f.country])
            | Q(foreign_applicants_allowed=True)
        )
        if f.sector:
            qs = qs.filter(sectors__slug=f.sector)
        if f.region:
            qs = qs.filter(region=f.region)
    else:
        qs = _common_filters(qs, f)
    if f.instrument:
        qs = qs.filter(instrument=f.instrument)
    if f.open_now:
        qs = qs.filter(status=Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
    if f.closing_within:
        qs = qs.filter(closes_at__gt=now, closes_at__lte=now + timedelta(days=f.closing_within))
    organisation = user.organisation if is_signed_in(user) else None
    if organisation is not None and organisation.kind == "msme":
        # One Q for both uses: the filter, and an "eligible" flag on every row of the list.
        eligible = eligible_windows_q(organisation)
        qs = qs.annotate(
            eligible_for_me=Case(
                When(eligible, then=True), default=False, output_field=BooleanField()
            )
        )
        if f.eligible:
            qs = qs.filter(eligible)
    if f.sort == "newest":
        return qs.order_by("-published_at", "-id")
    return qs.order_by("closes_at", "id")


def filter_programmes(
    f: ListFilters, *, user: User | AnonymousUser | None, now: datetime | None = None
) -> QuerySet[TrainingProgramme]:
    now = now or timezone.now()
    qs = _common_filters(_visible(programme_list(), user), f)
    if f.topic:
        qs = qs.filter(topic=f.topic)
    if f.open_now or f.closing_within:
        upcoming = Q(sessions__starts_at__gt=now)
        if f.closing_within:
            upcoming &= Q(sessions__starts_at__lte=now + timedelta(days=f.closing_within))
        qs = qs.filter(
            pk__in=TrainingProgramme.objects.filter(upcoming).values("pk"),
        )
    if f.sort == "closing":
        return qs.annotate(first_start=Min("sessions__starts_at")).order_by("first_start", "id")
    return qs.order_by("-published_at", "-id")


def interests_for_window(
    window: FundingWindow, *, status: str = ""
) -> QuerySet[ExpressionOfInterest]:
    """A window's expressions of interest, newest first; `status` keeps one state (an unknown
    one keeps none)."""
    qs = ExpressionOfInterest.objects.filter(window=window)
    if status:
        qs = qs.filter(status=status) if status in InterestStatus.values else qs.none()
    return qs.select_related("organisation", "sent_by").order_by("-created_at", "-id")


@dataclass(frozen=True)
class EligiblePool:
    """How many MSMEs of the portal meet a window's criteria, and how many each one excludes."""

    total: int
    eligible: int
    excluded: dict[str, int]

    @property
    def top_exclusion(self) -> tuple[str, int] | None:
        """The criterion that excludes the most organisations (None when nothing excludes)."""
        worst = max(self.excluded.items(), key=lambda kv: kv[1], default=None)
        return worst if worst and worst[1] > 0 else None


def eligible_pool(window: FundingWindow, *, year: int | None = None) -> EligiblePool:
    """One aggregate over every MSME organisation with the window's criteria as conditional
    counts (`programs.eligibility.organisation_criteria_q`): eligible = every criterion met."""
    criteria = organisation_criteria_q(window, year=year)
    all_met = Q()
    for q in criteria.values():
        all_met &= q
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "eligible": Count("pk", filter=all_met) if criteria else Count("pk"),
    }
    for key, q in criteria.items():
        aggregates[f"not_{key}"] = Count("pk", filter=~q)
    row = with_turnover_inr(Organisation.objects.filter(kind="msme")).aggregate(**aggregates)
    return EligiblePool(
        total=row["total"],
        eligible=row["eligible"],
        excluded={key: row[f"not_{key}"] for key in criteria},
    )


def interests_of_organisation(organisation: Organisation) -> QuerySet[ExpressionOfInterest]:
    return (
        ExpressionOfInterest.objects.filter(organisation=organisation)
        .select_related("window__organisation")
        .order_by("-created_at", "-id")
    )


def enrolments_of_user(user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .select_related("session__programme__organisation", "organisation")
        .order_by("-created_at", "-id")
    )


def enrolments_for_programme(programme: TrainingProgramme) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(session__programme=programme)
        .select_related("user", "organisation", "session")
        .order_by("session__starts_at", "created_at", "id")
    )


def is_closing_soon(item: Publishable, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    closes = getattr(item, "closes_at", None)
    return bool(closes and now < closes <= now + timedelta(days=CLOSING_SOON_DAYS))
