"""What the dashboards are counted from: profile views, notice readers, the eligible pool."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def test_a_profile_view_keeps_the_country_never_who(client, bob, alice_profile):
    from matchmaking.models import ProfileView

    assert {f.name for f in ProfileView._meta.get_fields()} == {
        "id",
        "profile",
        "viewer_country",
        "viewed_at",
    }
    client.force_login(bob)
    url = f"/partners/org/{alice_profile.organisation.slug}/"
    client.get(url)
    client.get(url)  # a reload within the dedup window counts once
    assert list(ProfileView.objects.values_list("viewer_country", flat=True)) == ["JP"]


def test_own_views_do_not_count_and_visitors_count_without_a_country(client, alice, alice_profile):
    from matchmaking.models import ProfileView

    client.force_login(alice)
    client.get(f"/partners/org/{alice_profile.organisation.slug}/")
    assert not ProfileView.objects.exists()
    client.logout()
    client.get(f"/partners/org/{alice_profile.organisation.slug}/")
    assert list(ProfileView.objects.values_list("viewer_country", flat=True)) == [""]


def test_a_notice_reader_counts_once_with_country_role_and_language(
    client, bob, regulator, published_notice
):
    from programs.models import NoticeRead

    for user in (bob, bob, regulator):
        client.force_login(user)
        assert client.get(f"/programs/notices/{published_notice.pk}/").status_code == 200
    client.logout()
    client.get(f"/programs/notices/{published_notice.pk}/")
    assert list(NoticeRead.objects.values_list("country", "role", "language")) == [
        ("JP", "msme", "ja")
    ]


def test_drafts_have_no_readers(client, regulator):
    from programs.models import NoticeRead
    from programs.services import notice_create, notice_read_record
    from programs.tests.factories import notice_data

    draft = notice_create(user=regulator, data=notice_data())
    colleague = make_user("colleague@example.com", regulator.organisation, role="member")
    notice_read_record(notice=draft, reader=colleague)
    assert not NoticeRead.objects.exists()


def test_the_eligible_pool_agrees_with_the_per_organisation_verdict(financier, db):
    """The database count of eligible organisations (and of each criterion's exclusions) is
    what `evaluate` answers organisation by organisation."""
    from forum.models import ExchangeRate
    from programs.eligibility import ELIGIBLE, MET, applicant_for, evaluate
    from programs.selectors import eligible_pool
    from programs.services import window_create
    from programs.tests.factories import window_data
    from taxonomy.models import Sector

    ExchangeRate.objects.create(
        base="INR", quote="JPY", rate=Decimal("1.80"), as_of=timezone.localdate()
    )
    auto = Sector.objects.get(slug="automotive-mobility")
    food = Sector.objects.get(slug="food-processing")
    orgs = [
        make_org(name_en="Small Indian", employees=40, founded_year=2015),
        make_org(name_en="Big Indian", employees=900, founded_year=2015),
        make_org(name_en="Young Indian", employees=20, founded_year=timezone.now().year - 1),
        make_org(name_en="Unknown size", employees=None, founded_year=2000),
        make_org(
            name_en="Japanese",
            country="JP",
            region="JP-27",
            employees=30,
            annual_turnover=Decimal("90000000"),
            turnover_currency="JPY",
            investment=None,
        ),
        make_org(name_en="Rich Indian", annual_turnover=Decimal("9000000000")),
    ]
    from matchmaking.tests.factories import make_profile

    make_profile(orgs[0], sectors=["automotive-mobility"])
    make_profile(orgs[1], sectors=["food-processing"])
    member = make_user("member@example.com", orgs[2])
    member.sectors_of_interest.set([auto])
    window = window_create(
        user=financier,
        data=window_data(
            closes_at=timezone.now() + timedelta(days=10),
            applicant_countries=["IN", "JP"],
            max_employees=250,
            max_turnover=Decimal("2500000000"),
            min_years_in_business=3,
        ),
        sectors=[auto, food],
        publish=True,
    )
    pool = eligible_pool(window)
    verdicts = [evaluate(window, applicant_for(org)) for org in orgs]
    assert pool.total == len(orgs)
    assert pool.eligible == sum(v.outcome == ELIGIBLE for v in verdicts) == 1
    for criterion, excluded in pool.excluded.items():
        expected = sum(
            any(c.key == criterion and c.status != MET for c in v.criteria) for v in verdicts
        )
        assert excluded == expected, criterion
    assert pool.top_exclusion == ("sector", 3)


def test_a_persons_reads_and_visits_are_exported_and_erased(client, bob, published_notice):
    from accounts.privacy import erasers, exporters
    from forum.home.models import HomeVisit
    from programs.models import NoticeRead

    client.force_login(bob)
    client.get(f"/programs/notices/{published_notice.pk}/")
    client.get("/")
    data = {name: export(bob) for name, export in exporters().items()}
    assert data["programs"]["notices_read"][0]["notice"] == str(published_notice)
    assert data["home"]["home_visits"][0]["last_seen_at"]
    for erase in erasers().values():
        erase(bob)
    assert not NoticeRead.objects.filter(reader=bob).exists()
    assert not HomeVisit.objects.filter(user=bob).exists()
