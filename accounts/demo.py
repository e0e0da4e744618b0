"""Demo accounts: one ready account per role, each in its own organisation.

Idempotent: looked up by email / slug, so running seed_demo twice adds nothing. Regulator,
financier and admin accounts have TOTP turned on with the fixed demo secret below, so anyone can
sign in with an authenticator app (or `manage.py demo_totp EMAIL` prints the current code).
These secrets are for the demo database only and never used in production data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation, OrgRole, User, Verification
from accounts.services import organisation_save

DEMO_PASSWORD = "sme-forum-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    org_slug: str | None
    mfa: bool
    language: str
    timezone: str


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "msme.india@demo.ijsme.example",
        "Harpreet Singh",
        "Indian MSME (owner)",
        "ludhiana-precision-auto-components",
        False,
        "en",
        "Asia/Kolkata",
    ),
    DemoAccount(
        "sme.japan@demo.ijsme.example",
        "佐藤 健一 (Kenichi Sato)",
        "Japanese SME (owner)",
        "osaka-seimitsu-tooling",
        False,
        "ja",
        "Asia/Tokyo",
    ),
    DemoAccount(
        "regulator@demo.ijsme.example",
        "Anita Verma",
        "Verified regulator",
        "msme-ministry-international-cooperation-desk",
        True,
        "hi",
        "Asia/Kolkata",
    ),
    DemoAccount(
        "financier@demo.ijsme.example",
        "Rahul Mehta",
        "Verified financier",
        "sidbi-demo",
        True,
        "en",
        "Asia/Kolkata",
    ),
    DemoAccount(
        "pending.financier@demo.ijsme.example",
        "Yui Tanaka",
        "Financier awaiting verification",
        "kansai-regional-credit-guarantee-pending-demo",
        False,
        "ja",
        "Asia/Tokyo",
    ),
    DemoAccount(
        "admin@demo.ijsme.example",
        "Forum Admin",
        "Admin (moderator)",
        None,
        True,
        "en",
        "Asia/Kolkata",
    ),
)

ORGANISATIONS = (
    dict(
        slug="ludhiana-precision-auto-components",
        name_en="Ludhiana Precision Auto Components Pvt Ltd",
        name_hi="लुधियाना प्रिसिजन ऑटो कंपोनेंट्स प्रा. लि.",
        country="IN",
        kind="msme",
        region="IN-PB",
        city="Ludhiana",
        website="https://ludhiana-auto.example",
        udyam_number="UDYAM-PB-10-0012345",
        founded_year=2004,
        employees=120,
        annual_turnover=Decimal("620000000"),
        turnover_currency="INR",
        investment=Decimal("180000000"),
        investment_currency="INR",
    ),
    dict(
        slug="osaka-seimitsu-tooling",
        name_en="Osaka Seimitsu Tooling K.K.",
        name_ja="大阪精密ツーリング株式会社",
        country="JP",
        kind="msme",
        region="JP-27",
        city="Higashiosaka",
        website="https://osaka-seimitsu.example",
        corporate_number="7000012050002",
        founded_year=1978,
        employees=85,
        annual_turnover=Decimal("1500000000"),
        turnover_currency="JPY",
    ),
    dict(
        slug="msme-ministry-international-cooperation-desk",
        name_en="Ministry of MSME — International Cooperation desk (demo)",
        name_hi="सूक्ष्म, लघु और मध्यम उद्यम मंत्रालय — अंतर्राष्ट्रीय सहयोग डेस्क (डेमो)",
        country="IN",
        kind="regulator",
        region="IN-DL",
        city="New Delhi",
        website="https://msme.gov.in",
    ),
    # Waits in the verification queue, so the admin account has something to approve.
    dict(
        slug="kansai-regional-credit-guarantee-pending-demo",
        name_en="Kansai Regional Credit Guarantee (pending demo)",
        name_ja="関西地域信用保証（審査待ちデモ）",
        country="JP",
        kind="financier",
        region="JP-27",
        city="Osaka",
        website="https://kansai-credit.example",
        pending=True,
    ),
    dict(
        slug="sidbi-demo",
        name_en="SIDBI (demo)",
        name_hi="सिडबी (डेमो)",
        country="IN",
        kind="financier",
        region="IN-UP",
        city="Lucknow",
        website="https://www.sidbi.in",
    ),
)


def _organisation(data: dict) -> Organisation:
    existing = Organisation.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing
    data = dict(data)
    pending = data.pop("pending", False)
    org = Organisation(is_sample=True, **data)
    organisation_save(organisation=org)
    if org.needs_verification and not pending:
        Organisation.objects.filter(pk=org.pk).update(verification_status=Verification.VERIFIED)
        org.refresh_from_db()
    return org


def _activate_mfa(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


@transaction.atomic
def seed(stdout=None) -> list[DemoAccount]:
    from allauth.account.models import EmailAddress

    orgs = {data["slug"]: _organisation(data) for data in ORGANISATIONS}
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email,
                DEMO_PASSWORD,
                full_name=account.full_name,
                language=account.language,
                timezone=account.timezone,
                organisation=orgs.get(account.org_slug) if account.org_slug else None,
                org_role=OrgRole.OWNER if account.org_slug else "",
                is_staff=account.org_slug is None,
                is_superuser=account.org_slug is None,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.mfa:
            _activate_mfa(user)
    return list(ACCOUNTS)


def recovery_codes(email: str) -> list[str]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    auth = Authenticator.objects.filter(
        user__email=email, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    return RecoveryCodes(auth).get_unused_codes() if auth else []
