"""Model factories the tests share: organisations and people, with valid identifiers.

Plain functions over the real services (`organisation_save`, `create_user`), so a test builds
what a sign-up would, with only the fields it cares about named.
"""

from __future__ import annotations

import random
from decimal import Decimal

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.test import RequestFactory

from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import Organisation, User, Verification
from accounts.services import organisation_save
from forum.identifiers import corporate_number_check_digit
from forum.regions import REGIONS


def enable_mfa(user) -> None:
    TOTP.activate(user, DEMO_TOTP_SECRET)


def make_org(**overrides):
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
        state = REGIONS[data["region"]].udyam if data.get("region") else "MH"
        data["udyam_number"] = f"UDYAM-{state}-01-{random.randint(0, 9_999_999):07d}"
    if data["country"] == "JP" and data["kind"] == "msme" and not data.get("corporate_number"):
        base = f"{random.randint(0, 10**12 - 1):012d}"
        data["corporate_number"] = f"{corporate_number_check_digit(base)}{base}"
    verified = data.pop("verified", None)
    org = organisation_save(organisation=Organisation(**data))
    if verified:
        org.verification_status = Verification.VERIFIED
        org.save(update_fields=["verification_status"])
    return org


def make_user(email: str, organisation=None, *, role: str = "owner", mfa: bool = False, **extra):
    user = User.objects.create_user(
        email,
        "correct-horse-battery",
        organisation=organisation,
        org_role=role if organisation else "",
        **extra,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa:
        enable_mfa(user)
    return user


def record_mfa_session(client, user) -> None:
    """Make `client`'s session one that signed in with a password and passed TOTP, written by
    allauth's own `record_authentication` (as its login and MFA steps do)."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
