"""Fixtures of the programs tests: published items of each kind and unverified publishers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from programs.tests.factories import notice_data, programme_data, window_data
from tests.factories import make_org, make_user


@pytest.fixture
def rates(db):
    """1 INR = 1.80 JPY and 1 USD = 84 INR, as of yesterday."""
    from forum.models import ExchangeRate

    as_of = date.today() - timedelta(days=1)
    ExchangeRate.objects.create(base="INR", quote="JPY", rate=Decimal("1.80"), as_of=as_of)
    ExchangeRate.objects.create(base="USD", quote="INR", rate=Decimal("84"), as_of=as_of)


@pytest.fixture
def other_regulator(db):
    org = make_org(name_en="Other Regulator", kind="regulator", region="IN-KA", verified=True)
    return make_user("other-reg@example.com", org, mfa=True)


@pytest.fixture
def other_financier(db):
    org = make_org(name_en="Other Bank", kind="financier", region="IN-KA", verified=True)
    return make_user("other-fin@example.com", org, mfa=True)


@pytest.fixture
def unverified_regulator(db):
    org = make_org(name_en="Unverified Regulator", kind="regulator", region="IN-GJ")
    return make_user("unv-reg@example.com", org, mfa=True)


@pytest.fixture
def unverified_financier(db):
    org = make_org(name_en="Unverified Bank", kind="financier", region="IN-GJ")
    return make_user("unv-fin@example.com", org, mfa=True)


@pytest.fixture
def notice(regulator):
    from programs.services import notice_create

    return notice_create(user=regulator, data=notice_data(), publish=True)


@pytest.fixture
def window(financier):
    from programs.services import window_create

    return window_create(user=financier, data=window_data(), publish=True)


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
        capacity=2,
    )
    return programme
