"""Shared fixtures: the three people of every permission test, plus an admin.

alice owns an Indian MSME, bob a Japanese SME (another organisation), anonymous is nobody;
regulator / financier are verified and have MFA; admin is staff with MFA.
"""

from __future__ import annotations

import os
from decimal import Decimal

os.environ.setdefault("PORTAL_TESTING", "1")

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACCOUNT_RATE_LIMITS = False
    # PBKDF2's production cost makes every created user take ~0.3 s; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from forum.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    # A digest batch run outside a transaction keeps its own claim connection for the life
    # of the process (a worker's life); a test's ends with the test.
    from digests.services.claims import close_claim_connection

    close_claim_connection()


def _enable_mfa(user) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.demo import DEMO_TOTP_SECRET

    TOTP.activate(user, DEMO_TOTP_SECRET)


def make_org(**overrides):
    from accounts.models import Organisation
    from accounts.services import organisation_save

    data = dict(
        name_en="Org",
        country="IN",
        kind="msme",
        region="IN-MH",
        city="Pune",
        udyam_number=None,
        employees=50,
        annual_turnover=Decimal("50000000"),
        turnover_currency="INR",
        investment=Decimal("10000000"),
        investment_currency="INR",
        founded_year=2010,
    )
    data.update(overrides)
    if data["country"] == "IN" and data["kind"] == "msme" and not data.get("udyam_number"):
        import random

        from forum.regions import REGIONS

        state = REGIONS[data["region"]].udyam if data.get("region") else "MH"
        data["udyam_number"] = f"UDYAM-{state}-01-{random.randint(0, 9_999_999):07d}"
    if data["country"] == "JP" and data["kind"] == "msme" and not data.get("corporate_number"):
        import random

        from forum.identifiers import corporate_number_check_digit

        base = f"{random.randint(0, 10**12 - 1):012d}"
        data["corporate_number"] = f"{corporate_number_check_digit(base)}{base}"
    verified = data.pop("verified", None)
    org = organisation_save(organisation=Organisation(**data))
    if verified:
        from accounts.models import Verification

        org.verification_status = Verification.VERIFIED
        org.save(update_fields=["verification_status"])
    return org


def make_user(email: str, organisation=None, *, role: str = "owner", mfa: bool = False, **extra):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.create_user(
        email,
        "correct-horse-battery",
        organisation=organisation,
        org_role=role if organisation else "",
        **extra,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa:
        _enable_mfa(user)
    return user


@pytest.fixture
def alice_org(db):
    return make_org(name_en="Alice Auto Parts", country="IN", region="IN-PB", city="Ludhiana")


@pytest.fixture
def alice(alice_org):
    return make_user("alice@example.com", alice_org, full_name="Alice", timezone="Asia/Kolkata")


@pytest.fixture
def bob_org(db):
    return make_org(
        name_en="Bob Seimitsu",
        name_ja="ボブ精密",
        country="JP",
        region="JP-27",
        city="Osaka",
        annual_turnover=Decimal("900000000"),
        turnover_currency="JPY",
        investment=None,
    )


@pytest.fixture
def bob(bob_org):
    return make_user(
        "bob@example.com", bob_org, full_name="Bob", language="ja", timezone="Asia/Tokyo"
    )


@pytest.fixture
def regulator_org(db):
    return make_org(
        name_en="Regulator Desk", kind="regulator", country="IN", region="IN-DL", verified=True
    )


@pytest.fixture
def regulator(regulator_org):
    return make_user("reg@example.com", regulator_org, mfa=True)


@pytest.fixture
def financier_org(db):
    return make_org(
        name_en="Funding Bank", kind="financier", country="IN", region="IN-MH", verified=True
    )


@pytest.fixture
def financier(financier_org):
    return make_user("fin@example.com", financier_org, mfa=True)


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.com", None, mfa=True, is_staff=True, is_superuser=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
