"""The eligibility engine: is this organisation eligible for this funding window?

Every criterion the window sets is answered met / missed / unknown, in words. The answer is
"eligible" when every criterion is met, "not eligible" when one is missed, and "can't tell"
otherwise. `eligible_windows_q` is the same rule as a database filter: a window passes only when
every criterion is *met* (an unknown is not eligible), so the list "windows I am eligible for"
and the per-window answer "eligible" always agree (a test checks this on a set of windows).

Turnover limits in another currency are compared in INR: the window stores its limit converted
at the latest exchange rate when it is saved (`max_turnover_inr`), and the organisation's
turnover is converted at the latest rate when the question is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Country, MsmeClass, User
from forum.models import ExchangeRate
from forum.money import convert, money_words
from programs.models import FundingWindow
from taxonomy.models import Sector

if TYPE_CHECKING:
    from accounts.models import Organisation
    from programs.models import FundingWindow

MET, MISSED, UNKNOWN = "met", "missed", "unknown"
ELIGIBLE, NOT_ELIGIBLE, CANT_TELL = "eligible", "not_eligible", "cant_tell"


@dataclass(frozen=True)
class Applicant:
    """What eligibility needs to know about an organisation (None = unknown)."""

    country: str
    sector_ids: frozenset[int]
    msme_class: str
    employees: int | None
    turnover: Decimal | None
    turnover_currency: str
    turnover_inr: Decimal | None
    udyam_number: str
    founded_year: int | None


@dataclass(frozen=True)
class Criterion:
    key: str
    status: str  # met / missed / unknown
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"criterion": self.key, "status": self.status, "message": self.message}


@dataclass
class Verdict:
    outcome: str  # eligible / not_eligible / cant_tell
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {
            ELIGIBLE: _("Eligible"),
            NOT_ELIGIBLE: _("Not eligible"),
            CANT_TELL: _("Can't tell yet"),
        }[self.outcome]


def organisation_sector_ids(organisation: Organisation) -> frozenset[int]:
    """An organisation's sectors: its partner profile's, else its members' sectors of interest
    (one query: both sources in a UNION, the profile's preferred)."""
    from django.db.models import IntegerField, Value

    from_profile = Sector.objects.filter(profiles__organisation=organisation).annotate(
        source=Value(1, output_field=IntegerField())
    )
    from_members = Sector.objects.filter(interested_users__organisation=organisation).annotate(
        source=Value(2, output_field=IntegerField())
    )
    rows = list(
        from_profile.values_list("id", "source").union(
            from_members.values_list("id", "source"), all=True
        )
    )
    profile_ids = {pk for pk, source in rows if source == 1}
    return frozenset(profile_ids or {pk for pk, _ in rows})


def applicant_for(organisation: Organisation) -> Applicant:
    turnover_inr = None
    if organisation.annual_turnover is not None:
        converted = convert(organisation.annual_turnover, organisation.turnover_currency, "INR")
        turnover_inr = converted.amount if converted else None
    return applicant_of(
        organisation, sector_ids=organisation_sector_ids(organisation), turnover_inr=turnover_inr
    )


def applicants_for(organisations: list[Organisation]) -> dict[int, Applicant]:
    """Applicants of many organisations in two queries or so (a list page must not pay one
    query per row): every sector in one UNION, each currency's rate to INR once."""
    from django.db.models import IntegerField, Value

    ids = [organisation.pk for organisation in organisations]
    from_profile = Sector.objects.filter(profiles__organisation__in=ids).annotate(
        source=Value(1, output_field=IntegerField())
    )
    from_members = Sector.objects.filter(interested_users__organisation__in=ids).annotate(
        source=Value(2, output_field=IntegerField())
    )
    profile: dict[int, set[int]] = {}
    members: dict[int, set[int]] = {}
    if ids:
        rows = from_profile.values_list("profiles__organisation", "id", "source").union(
            from_members.values_list("interested_users__organisation", "id", "source"), all=True
        )
        for org_id, sector_id, source in rows:
            (profile if source == 1 else members).setdefault(org_id, set()).add(sector_id)
    rates: dict[str, Decimal | None] = {"INR": Decimal(1)}
    result = {}
    for organisation in organisations:
        turnover_inr = None
        currency = organisation.turnover_currency
        if organisation.annual_turnover is not None:
            if currency not in rates:
                rate = ExchangeRate.latest(currency, "INR")
                rates[currency] = rate.rate if rate is not None else None
            to_inr = rates[currency]
            if to_inr is not None:
                turnover_inr = (organisation.annual_turnover * to_inr).quantize(
                    Decimal(1), rounding=ROUND_HALF_UP
                )
        sectors = profile.get(organisation.pk) or members.get(organisation.pk) or set()
        result[organisation.pk] = applicant_of(
            organisation, sector_ids=frozenset(sectors), turnover_inr=turnover_inr
        )
    return result


def applicant_of(
    organisation: Organisation, *, sector_ids: frozenset[int], turnover_inr: Decimal | None
) -> Applicant:
    """The Applicant of an organisation whose sectors and INR turnover are already known (in
    bulk, for the digests' batches)."""
    return Applicant(
        country=organisation.country,
        sector_ids=sector_ids,
        msme_class=organisation.msme_class or "",
        employees=organisation.employees,
        turnover=organisation.annual_turnover,
        turnover_currency=organisation.turnover_currency,
        turnover_inr=turnover_inr,
        udyam_number=organisation.udyam_number or "",
        founded_year=organisation.founded_year,
    )


def _country(window: FundingWindow, who: Applicant) -> Criterion | None:

    if not window.applicant_countries or window.foreign_applicants_allowed:
        return None
    names = ", ".join(str(Country(c).label) for c in window.applicant_countries)
    if who.country in window.applicant_countries:
        return Criterion("country", MET, _("based in %(country)s") % {"country": names})
    return Criterion(
        "country",
        MISSED,
        _("only companies based in %(countries)s may apply") % {"countries": names},
    )


def _sectors(window: FundingWindow, who: Applicant) -> Criterion | None:
    sectors = list(window.sectors.all())
    if not sectors:
        return None
    names = ", ".join(s.name for s in sectors)
    if not who.sector_ids:
        return Criterion(
            "sector",
            UNKNOWN,
            _("sector unknown — add your sectors to your profile (window is for %(sectors)s)")
            % {"sectors": names},
        )
    if who.sector_ids & {s.pk for s in sectors}:
        return Criterion("sector", MET, _("your sector is among %(sectors)s") % {"sectors": names})
    return Criterion("sector", MISSED, _("the window is only for %(sectors)s") % {"sectors": names})


def _msme_class(window: FundingWindow, who: Applicant) -> Criterion | None:

    if not window.msme_classes:
        return None
    names = ", ".join(str(MsmeClass(c).label).lower() for c in window.msme_classes)
    if not who.msme_class:
        return Criterion(
            "msme_class",
            UNKNOWN,
            _("MSME class unknown — add your investment and turnover (window is for %(classes)s)")
            % {"classes": names},
        )
    own = str(MsmeClass(who.msme_class).label).lower()
    if who.msme_class in window.msme_classes:
        return Criterion("msme_class", MET, _("%(own)s enterprise is eligible") % {"own": own})
    return Criterion(
        "msme_class",
        MISSED,
        _("%(own)s enterprise; the window is for %(classes)s") % {"own": own, "classes": names},
    )


def _employees(window: FundingWindow, who: Applicant) -> Criterion | None:
    if window.max_employees is None:
        return None
    limit = window.max_employees
    if who.employees is None:
        return Criterion(
            "employees",
            UNKNOWN,
            _("number of employees unknown — add it to your organisation (limit %(limit)s)")
            % {"limit": limit},
        )
    values = {"count": who.employees, "limit": limit}
    if who.employees <= limit:
        return Criterion(
            "employees", MET, _("%(count)s employees is within the limit of %(limit)s") % values
        )
    return Criterion(
        "employees", MISSED, _("%(count)s employees is above the limit of %(limit)s") % values
    )


def _turnover(window: FundingWindow, who: Applicant) -> Criterion | None:
    if window.max_turnover is None:
        return None
    limit = money_words(window.max_turnover, window.max_turnover_currency)
    if who.turnover is None:
        return Criterion(
            "turnover",
            UNKNOWN,
            _("turnover unknown — add your annual turnover (limit %(limit)s)") % {"limit": limit},
        )
    own = money_words(who.turnover, who.turnover_currency)
    if who.turnover_currency != window.max_turnover_currency and who.turnover_inr is not None:
        other = convert(who.turnover, who.turnover_currency, window.max_turnover_currency)
        if other is not None:
            own = f"{own} (≈ {money_words(other.amount, other.currency)})"
    if who.turnover_inr is None or window.max_turnover_inr is None:
        return Criterion(
            "turnover",
            UNKNOWN,
            _("turnover %(own)s cannot be compared with the %(limit)s limit: no exchange rate")
            % {"own": own, "limit": limit},
        )
    values = {"own": own, "limit": limit}
    if who.turnover_inr <= window.max_turnover_inr:
        return Criterion(
            "turnover", MET, _("turnover %(own)s is within the %(limit)s limit") % values
        )
    return Criterion(
        "turnover", MISSED, _("turnover %(own)s is above the %(limit)s limit") % values
    )


def _udyam(window: FundingWindow, who: Applicant) -> Criterion | None:
    if not window.udyam_required:
        return None
    if who.udyam_number:
        return Criterion(
            "udyam", MET, _("Udyam registration %(number)s") % {"number": who.udyam_number}
        )
    if who.country != "IN":
        return Criterion(
            "udyam",
            MISSED,
            _("Udyam registration required; only Indian MSMEs can hold one"),
        )
    return Criterion("udyam", MISSED, _("Udyam registration required — add your Udyam number"))


def _years(window: FundingWindow, who: Applicant, year: int) -> Criterion | None:
    if window.min_years_in_business is None:
        return None
    minimum = window.min_years_in_business
    if who.founded_year is None:
        return Criterion(
            "years",
            UNKNOWN,
            _("years in business unknown — add your founding year (at least %(min)s needed)")
            % {"min": minimum},
        )
    years = year - who.founded_year
    values = {"years": years, "min": minimum}
    if years >= minimum:
        return Criterion(
            "years", MET, _("%(years)s years in business (at least %(min)s needed)") % values
        )
    return Criterion(
        "years", MISSED, _("%(years)s years in business; at least %(min)s needed") % values
    )


def evaluate(window: FundingWindow, who: Applicant, *, year: int | None = None) -> Verdict:
    """Every criterion the window sets, answered for `who`, and the overall outcome."""
    year = year or timezone.now().year
    results = [
        _country(window, who),
        _sectors(window, who),
        _msme_class(window, who),
        _employees(window, who),
        _turnover(window, who),
        _udyam(window, who),
        _years(window, who, year),
    ]
    criteria = [c for c in results if c is not None]
    statuses = {c.status for c in criteria}
    if MISSED in statuses:
        outcome = NOT_ELIGIBLE
    elif UNKNOWN in statuses:
        outcome = CANT_TELL
    else:
        outcome = ELIGIBLE
    return Verdict(outcome, criteria)


def eligible_q(who: Applicant, *, year: int | None = None) -> Q:
    """The same rule as `evaluate(...).outcome == ELIGIBLE`, as a filter on FundingWindow."""

    year = year or timezone.now().year
    through = FundingWindow.sectors.through
    any_sector = ~Exists(through.objects.filter(fundingwindow_id=OuterRef("pk")))
    q = Q(applicant_countries=[]) | Q(foreign_applicants_allowed=True)
    q |= Q(applicant_countries__contains=[who.country])
    sector_q: Q | Combinable = any_sector
    if who.sector_ids:
        sector_q = any_sector | Exists(
            through.objects.filter(
                fundingwindow_id=OuterRef("pk"), sector_id__in=sorted(who.sector_ids)
            )
        )
    q &= Q(sector_q)
    class_q = Q(msme_classes=[])
    if who.msme_class:
        class_q |= Q(msme_classes__contains=[who.msme_class])
    q &= class_q
    employees_q = Q(max_employees__isnull=True)
    if who.employees is not None:
        employees_q |= Q(max_employees__gte=who.employees)
    q &= employees_q
    turnover_q = Q(max_turnover__isnull=True)
    if who.turnover_inr is not None:
        turnover_q |= Q(max_turnover_inr__gte=who.turnover_inr)
    q &= turnover_q
    if not who.udyam_number:
        q &= Q(udyam_required=False)
    years_q = Q(min_years_in_business__isnull=True)
    if who.founded_year is not None:
        years_q |= Q(min_years_in_business__lte=year - who.founded_year)
    q &= years_q
    return q


# The criteria in the order `evaluate` answers them (the pool's table keeps this order).
CRITERIA = ("country", "sector", "msme_class", "employees", "turnover", "udyam", "years")


def _turnover_inr_expression():
    """Organisation.annual_turnover in INR at the latest rates, as SQL (NULL without a rate)."""
    from django.db.models import Case, DecimalField, F, Value, When
    from django.db.models.functions import Round

    whens = [When(turnover_currency="INR", then=F("annual_turnover"))]
    for code in ("JPY", "USD"):
        rate = ExchangeRate.latest(code, "INR")
        if rate is not None:
            whens.append(
                When(
                    turnover_currency=code,
                    then=Round(F("annual_turnover") * Value(rate.rate)),
                )
            )
    return Case(*whens, default=None, output_field=DecimalField(max_digits=30, decimal_places=2))


def organisation_criteria_q(window: FundingWindow, *, year: int | None = None) -> dict[str, Q]:
    """The window's criteria as filters on Organisation (annotated by `with_turnover_inr`):
    each Q is "this criterion is *met*", the organisation-side twin of `eligible_q`, so
    "how many organisations are eligible for my window" runs in the database. An unknown
    answer is not met, as in `eligible_q`."""

    year = year or timezone.now().year
    criteria: dict[str, Q] = {}
    if window.applicant_countries and not window.foreign_applicants_allowed:
        criteria["country"] = Q(country__in=list(window.applicant_countries))
    sector_ids = [s.pk for s in window.sectors.all()]
    if sector_ids:
        through = Sector.profiles.through  # partner profiles' sectors, by relation name
        interests = User.sectors_of_interest.through
        own = through.objects.filter(partnerprofile__organisation_id=OuterRef("pk"))
        criteria["sector"] = Q(Exists(own.filter(sector_id__in=sector_ids))) | (
            ~Q(Exists(own))
            & Q(
                Exists(
                    interests.objects.filter(
                        user__organisation_id=OuterRef("pk"), sector_id__in=sector_ids
                    )
                )
            )
        )
    if window.msme_classes:
        criteria["msme_class"] = Q(msme_class__in=list(window.msme_classes))
    if window.max_employees is not None:
        criteria["employees"] = Q(employees__lte=window.max_employees)
    if window.max_turnover is not None:
        if window.max_turnover_inr is None:
            criteria["turnover"] = Q(pk__in=[])
        else:
            criteria["turnover"] = Q(turnover_inr__lte=window.max_turnover_inr)
    if window.udyam_required:
        criteria["udyam"] = Q(udyam_number__isnull=False) & ~Q(udyam_number="")
    if window.min_years_in_business is not None:
        criteria["years"] = Q(founded_year__lte=year - window.min_years_in_business)
    return criteria


def with_turnover_inr(qs):
    """`qs` of organisations annotated with `turnover_inr` for `organisation_criteria_q`."""
    return qs.annotate(turnover_inr=_turnover_inr_expression())
