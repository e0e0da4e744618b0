"""Shared fixtures: the three people of every permission test, plus an admin.

alice owns an Indian MSME, bob a Japanese SME (another organisation), anonymous is nobody;
regulator / financier are verified and have MFA; admin is staff with MFA.
"""

from __future__ import annotations

import os
from decimal import Decimal

os.environ.setdefault("PORTAL_TESTING", "1")

import pytest

from tests.factories import make_org, make_user, record_mfa_session

# Fixtures of one app that other apps' tests use too (pytest allows pytest_plugins only here).
pytest_plugins = ["matchmaking.tests.fixtures"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACCOUNT_RATE_LIMITS = False
    # Factories write profiles without the services that invalidate the directory's cached
    # facet counts; the test of that cache turns it on.
    settings.DIRECTORY_FACETS_CACHE_SECONDS = 0
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
def silenced(alice):
    """A member of alice's organisation whom moderators silenced (may read, not post)."""
    from datetime import timedelta

    from django.utils import timezone

    return make_user(
        "silenced@example.com",
        alice.organisation,
        role="member",
        silenced_until=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def suspended(alice):
    """A member of alice's organisation whom moderators suspended (may do nothing)."""
    from datetime import timedelta

    from django.utils import timezone

    return make_user(
        "suspended@example.com",
        alice.organisation,
        role="member",
        suspended_until=timezone.now() + timedelta(days=3),
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
    """Staff with MFA, acting as in a session that passed it (services called directly see that).

    A test client signs in as this person through `mfa_login`; `client.force_login` alone makes
    a password-only session, which has no staff powers.
    """
    user = make_user("admin@example.com", None, mfa=True, is_staff=True, is_superuser=True)
    user.second_factor_passed = True
    return user


@pytest.fixture
def demo(db):
    """The demo data of `make run` (`seed_demo`): every role with a story to look at."""
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def mfa_login():
    """`mfa_login(client, user)`: sign the test client in with a session that passed MFA."""
    return record_mfa_session


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
