"""The eligibility engine: each criterion met, missed and unknown, and the database filter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from programs.eligibility import (
    CANT_TELL,
    ELIGIBLE,
    MET,
    MISSED,
    NOT_ELIGIBLE,
    UNKNOWN,
    Applicant,
    applicant_for,
    evaluate,
)
from programs.models import FundingWindow
from programs.selectors import eligible_windows_q
from programs.services import window_create
from programs.tests.factories import window_data
from taxonomy.models import Sector
from tests.factories import make_org

YEAR = 2026


def applicant(**overrides) -> Applicant:
    data = dict(
        country="IN",
        sector_ids=frozenset(),
        msme_class="small",
        employees=120,
        turnover=Decimal("620000000"),
        turnover_currency="INR",
        turnover_inr=Decimal("620000000"),
        udyam_number="UDYAM-PB-10-0012345",
        founded_year=2004,
    )
    data.update(overrides)
    return Applicant(**data)


def only(verdict, key):
    [criterion] = [c for c in verdict.criteria if c.key == key]
    return criterion


@pytest.fixture
def make_window(financier, rates):
    def make(sectors=(), **fields):
        return window_create(
            user=financier, data=window_data(**fields), sectors=sectors, publish=True
        )

    return make


def test_it_is_eligible_when_the_window_sets_no_criteria(make_window):
    verdict = evaluate(make_window(), applicant(), year=YEAR)
    assert verdict.outcome == ELIGIBLE
    assert verdict.criteria == []


@pytest.mark.parametrize(
    ("fields", "who", "status", "words"),
    [
        ({"applicant_countries": ["IN"]}, {}, MET, "based in India"),
        ({"applicant_countries": ["JP"]}, {}, MISSED, "only companies based in Japan"),
        ({"msme_classes": ["micro", "small"]}, {}, MET, "small enterprise is eligible"),
        ({"msme_classes": ["micro"]}, {}, MISSED, "the window is for micro"),
        ({"msme_classes": ["micro"]}, {"msme_class": ""}, UNKNOWN, "MSME class unknown"),
        ({"max_employees": 250}, {}, MET, "120 employees is within the limit of 250"),
        ({"max_employees": 100}, {}, MISSED, "120 employees is above the limit of 100"),
        ({"max_employees": 100}, {"employees": None}, UNKNOWN, "number of employees unknown"),
        (
            {"max_turnover": Decimal("1000000000")},
            {},
            MET,
            "turnover ₹62 crore is within the ₹100 crore limit",
        ),
        (
            {"max_turnover": Decimal("500000000")},
            {},
            MISSED,
            "turnover ₹62 crore is above the ₹50 crore limit",
        ),
        (
            {"max_turnover": Decimal("500000000")},
            {"turnover": None, "turnover_inr": None},
            UNKNOWN,
            "turnover unknown — add your annual turnover",
        ),
        ({"udyam_required": True}, {}, MET, "Udyam registration UDYAM-PB-10-0012345"),
        ({"udyam_required": True}, {"udyam_number": ""}, MISSED, "add your Udyam number"),
        ({"min_years_in_business": 3}, {}, MET, "22 years in business"),
        ({"min_years_in_business": 30}, {}, MISSED, "22 years in business; at least 30 needed"),
        (
            {"min_years_in_business": 3},
            {"founded_year": None},
            UNKNOWN,
            "years in business unknown — add your founding year",
        ),
    ],
)
def test_it_answers_each_criterion_in_words(make_window, fields, who, status, words):
    window = make_window(**fields)
    verdict = evaluate(window, applicant(**who), year=YEAR)
    [criterion] = verdict.criteria
    assert criterion.status == status
    assert words in criterion.message
    expected = {MET: ELIGIBLE, MISSED: NOT_ELIGIBLE, UNKNOWN: CANT_TELL}[status]
    assert verdict.outcome == expected


def test_it_answers_the_sector_criterion_met_missed_and_unknown(make_window):
    auto = Sector.objects.get(slug="automotive-mobility")
    food = Sector.objects.get(slug="food-processing")
    window = make_window(sectors=[auto])
    assert (
        only(evaluate(window, applicant(sector_ids=frozenset({auto.pk}))), "sector").status == MET
    )
    assert (
        only(evaluate(window, applicant(sector_ids=frozenset({food.pk}))), "sector").status
        == MISSED
    )
    unknown = only(evaluate(window, applicant()), "sector")
    assert unknown.status == UNKNOWN
    assert "add your sectors" in unknown.message


def test_it_treats_foreign_applicants_allowed_as_any_country(make_window):
    window = make_window(applicant_countries=["IN"], foreign_applicants_allowed=True)
    assert evaluate(window, applicant(country="JP")).outcome == ELIGIBLE


def test_it_explains_a_japanese_sme_cannot_hold_udyam(make_window):
    window = make_window(udyam_required=True)
    criterion = only(evaluate(window, applicant(country="JP", udyam_number="")), "udyam")
    assert criterion.status == MISSED
    assert "only Indian MSMEs" in criterion.message


def test_it_compares_a_yen_limit_with_a_rupee_turnover_at_the_stored_rate(make_window):
    # ¥9億 at 1 INR = 1.80 JPY is ₹5 crore; ₹62 crore is above it, and the message shows both.
    window = make_window(max_turnover=Decimal("900000000"), max_turnover_currency="JPY")
    assert window.max_turnover_inr == Decimal("500000000")
    criterion = only(evaluate(window, applicant()), "turnover")
    assert criterion.status == MISSED
    assert "₹62 crore (≈ ¥1.12 billion) is above the ¥900 million limit" in criterion.message


def test_it_cannot_tell_without_an_exchange_rate(financier):
    window = window_create(
        user=financier,
        data=window_data(max_turnover=Decimal("1000000"), max_turnover_currency="USD"),
        publish=True,
    )
    assert window.max_turnover_inr is None
    criterion = only(evaluate(window, applicant()), "turnover")
    assert criterion.status == UNKNOWN
    assert "no exchange rate" in criterion.message


def test_it_is_not_eligible_when_one_is_missed_even_if_another_is_unknown(make_window):
    window = make_window(max_employees=100, min_years_in_business=3)
    verdict = evaluate(window, applicant(founded_year=None), year=YEAR)
    assert {c.status for c in verdict.criteria} == {MISSED, UNKNOWN}
    assert verdict.outcome == NOT_ELIGIBLE


def test_it_translates_the_words(make_window):
    from django.utils import translation

    window = make_window(max_employees=100)
    with translation.override("ja"):
        message = evaluate(window, applicant()).criteria[0].message
    assert "employees" not in message
    assert "120" in message


def test_the_database_filter_agrees_with_the_engine(make_window, alice_org, bob_org):
    auto = Sector.objects.get(slug="automotive-mobility")
    food = Sector.objects.get(slug="food-processing")
    windows = [
        make_window(),
        make_window(applicant_countries=["IN"]),
        make_window(applicant_countries=["JP"]),
        make_window(applicant_countries=["JP"], foreign_applicants_allowed=True),
        make_window(sectors=[auto]),
        make_window(sectors=[food]),
        make_window(msme_classes=["micro"]),
        make_window(msme_classes=["small", "medium"]),
        make_window(max_employees=10),
        make_window(max_employees=500),
        make_window(max_turnover=Decimal("10000000")),
        make_window(max_turnover=Decimal("10000000000")),
        make_window(max_turnover=Decimal("900000000"), max_turnover_currency="JPY"),
        make_window(max_turnover=Decimal("90000000000"), max_turnover_currency="JPY"),
        make_window(udyam_required=True),
        make_window(min_years_in_business=1),
        make_window(min_years_in_business=40),
    ]
    nobody = make_org(
        name_en="Unknown Ltd",
        country="IN",
        employees=None,
        annual_turnover=None,
        investment=None,
        founded_year=None,
    )
    for organisation in (alice_org, bob_org, nobody):
        in_python = {
            w.pk for w in windows if evaluate(w, applicant_for(organisation)).outcome == ELIGIBLE
        }
        in_sql = set(
            FundingWindow.objects.filter(pk__in=[w.pk for w in windows])
            .filter(eligible_windows_q(organisation))
            .values_list("pk", flat=True)
        )
        assert in_sql == in_python, organisation
    assert in_sql  # the organisation with unknowns is still eligible for the open windows


def test_it_takes_sectors_from_the_partner_profile_before_members_interests(alice, alice_org):
    from matchmaking.models import PartnerProfile
    from programs.eligibility import organisation_sector_ids

    auto = Sector.objects.get(slug="automotive-mobility")
    food = Sector.objects.get(slug="food-processing")
    alice.sectors_of_interest.add(food)
    assert organisation_sector_ids(alice_org) == {food.pk}
    profile = PartnerProfile.objects.create(organisation=alice_org)
    profile.sectors.add(auto)
    assert organisation_sector_ids(alice_org) == {auto.pk}


def test_it_renormalises_foreign_limits_after_a_rate_change(make_window):
    from datetime import date

    from django.core.management import call_command

    from forum.models import ExchangeRate

    window = make_window(max_turnover=Decimal("900000000"), max_turnover_currency="JPY")
    assert window.max_turnover_inr == Decimal("500000000")
    ExchangeRate.objects.create(base="INR", quote="JPY", rate=Decimal("2.00"), as_of=date.today())
    call_command("programs_renormalise_limits", stdout=__import__("io").StringIO())
    window.refresh_from_db()
    assert window.max_turnover_inr == Decimal("450000000")


@pytest.mark.django_db
def test_applicants_in_bulk_are_the_same_as_one_by_one(alice, bob):
    from programs.eligibility import applicant_for, applicants_for
    from taxonomy.models import Sector

    sectors = list(Sector.objects.all()[:2])
    alice.sectors_of_interest.set(sectors)
    organisations = [alice.organisation, bob.organisation]
    bulk = applicants_for(organisations)
    assert bulk[alice.organisation.pk].sector_ids == {s.pk for s in sectors}
    assert bulk == {org.pk: applicant_for(org) for org in organisations}
