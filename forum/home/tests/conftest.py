"""Fixtures of the home tests: a current match run, published items, and pinned settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from matchmaking.tests.factories import make_profile
from programs.tests.factories import notice_data, programme_data, window_data
from tests.factories import make_org, make_user


@pytest.fixture(autouse=True)
def _home_settings(settings):
    settings.HOME_COUNT_ZONES = ["Asia/Kolkata", "Asia/Tokyo"]
    settings.HOME_COUNT_CATCHUP_DAYS = 7
    from django.core.cache import cache

    cache.clear()
    from matchmaking.runs.reason_text import forget_taxonomy_names

    forget_taxonomy_names()


@pytest.fixture
def alice_profile(alice):
    return make_profile(
        alice.organisation,
        headline_en="Precision machined gears",
        sectors=["automotive-mobility"],
        capabilities_offered=["precision-machining"],
        capabilities_sought=["cutting-tools"],
        partnership_types=["joint-venture"],
        target_markets=["southeast-asia"],
    )


@pytest.fixture
def bob_profile(bob):
    return make_profile(
        bob.organisation,
        headline_en="Carbide cutting tools from Osaka",
        sectors=["advanced-manufacturing"],
        capabilities_offered=["cutting-tools"],
        partnership_types=["joint-venture"],
        certifications_held=["iso-9001"],
        target_markets=["southeast-asia"],
    )


@pytest.fixture
def carol(db):
    org = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    user = make_user("carol@example.com", org, full_name="Carol")
    make_profile(org, headline_en="Food processing lines", sectors=["food-processing"])
    return user


@pytest.fixture
def published_notice(regulator):
    from programs.services import notice_create

    return notice_create(user=regulator, data=notice_data(), publish=True)


@pytest.fixture
def open_window(financier):
    from programs.services import window_create

    return window_create(
        user=financier,
        data=window_data(
            closes_at=timezone.now() + timedelta(days=10),
            applicant_countries=["IN"],
            max_employees=100,
        ),
        publish=True,
    )


@pytest.fixture
def programme(regulator):
    from programs.services import programme_create, session_add

    programme = programme_create(user=regulator, data=programme_data(), publish=True)
    start = timezone.now() + timedelta(days=10)
    session_add(
        programme=programme,
        user=regulator,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=5,
    )
    return programme


@pytest.fixture
def other_regulator(db):
    org = make_org(name_en="Other Regulator", kind="regulator", region="IN-KA", verified=True)
    return make_user("other-reg@example.com", org, mfa=True)
