"""Benchmark data: N subscribers (both countries, three languages, varied filters) and the
recent content every one of them has something new in. Bulk inserts only."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

PEOPLE_PER_ORG = 10
CHUNK = 5000

TITLES = {
    "en": "{} — revised support for MSMEs",
    "ja": "{} — 中小企業向け支援の改定",
    "hi": "{} — एमएसएमई के लिए संशोधित सहायता",
}
SUMMARIES = {
    "en": "Eligibility, amounts and deadlines for small manufacturers in both countries.",
    "ja": "両国の中小製造業者向けの対象、金額、締切。",
    "hi": "दोनों देशों के छोटे निर्माताओं के लिए पात्रता, राशि और समय सीमा।",
}


def _chunks(rows: list, size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def create_subscribers(n: int, *, seed: int = 7) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from accounts.models import Organisation, User
    from digests.models import DigestPreference
    from forum.identifiers import corporate_number_check_digit
    from taxonomy.models import Sector

    rng = random.Random(seed)
    sector_ids = list(Sector.objects.values_list("pk", flat=True))
    in_regions = ["IN-MH", "IN-PB", "IN-TN", "IN-GJ", "IN-KA", "IN-CT"]
    jp_regions = ["JP-13", "JP-27", "JP-23", "JP-14", "JP-40"]
    orgs = []
    for i in range((n + PEOPLE_PER_ORG - 1) // PEOPLE_PER_ORG):
        india = i % 2 == 0
        fields = dict(
            name_en=f"Bench MSME {i}",
            slug=f"bench-msme-{i}",
            country="IN" if india else "JP",
            kind="msme",
            region=rng.choice(in_regions if india else jp_regions),
            employees=rng.randint(5, 400),
            annual_turnover=Decimal(rng.randint(10, 900) * 1_000_000),
            turnover_currency="INR" if india else "JPY",
            founded_year=rng.randint(1970, 2022),
            msme_class=rng.choice(["micro", "small", "medium"]),
            is_sample=True,
        )
        if india:
            fields["udyam_number"] = f"UDYAM-MH-01-{i:07d}"
        else:
            base = f"{i:012d}"
            fields["corporate_number"] = f"{corporate_number_check_digit(base)}{base}"
        orgs.append(Organisation(**fields))
    for chunk in _chunks(orgs):
        Organisation.objects.bulk_create(chunk)
    org_rows = list(Organisation.objects.filter(slug__startswith="bench-msme-").order_by("pk"))

    password = make_password(None)
    languages = ["en", "ja", "hi"]
    users = []
    for i in range(n):
        org = org_rows[i // PEOPLE_PER_ORG]
        users.append(
            User(
                email=f"sub{i}@bench.example",
                full_name=f"Subscriber {i}",
                organisation=org,
                org_role="member",
                language=languages[i % 3],
                timezone="Asia/Kolkata" if org.country == "IN" else "Asia/Tokyo",
                password=password,
            )
        )
    for chunk in _chunks(users):
        User.objects.bulk_create(chunk)
    user_rows = list(
        User.objects.filter(email__endswith="@bench.example")
        .select_related("organisation")
        .order_by("pk")
    )
    for chunk in _chunks(user_rows):
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in chunk]
        )
    preferences = []
    for i, user in enumerate(user_rows):
        org = user.organisation
        variant = i % 4
        preferences.append(
            DigestPreference(
                user=user,
                frequency="daily",
                countries=[org.country] if variant in (0, 1) else [],
                regions=[org.region] if variant == 1 else [],
                instruments=["loan", "grant"] if variant == 2 else [],
                include_programmes=variant != 3,
            )
        )
    for chunk in _chunks(preferences):
        DigestPreference.objects.bulk_create(chunk)
    through = DigestPreference.sectors.through
    pref_ids = list(DigestPreference.objects.order_by("pk").values_list("pk", flat=True))
    links = []
    for i, pref_id in enumerate(pref_ids):
        if i % 5 == 4:
            continue  # every fifth person: all sectors
        for sector_id in rng.sample(sector_ids, 2):
            links.append(through(digestpreference_id=pref_id, sector_id=sector_id))
    for chunk in _chunks(links):
        through.objects.bulk_create(chunk)


def create_content(*, now: datetime, seed: int = 11) -> int:
    """~24 items published in the last day: some in one sector or region, and bilateral
    notices with no sector or region, so every subscriber has something new."""
    from accounts.models import Organisation
    from programs.models import FundingWindow, PolicyNotice, TrainingProgramme
    from taxonomy.models import Sector

    rng = random.Random(seed)
    sectors = list(Sector.objects.all())
    regulator = Organisation.objects.create(
        name_en="Bench Regulator",
        slug="bench-regulator",
        country="IN",
        kind="regulator",
        verification_status="verified",
        is_sample=True,
    )
    financier = Organisation.objects.create(
        name_en="Bench Financier",
        slug="bench-financier",
        country="JP",
        kind="financier",
        verification_status="verified",
        is_sample=True,
    )
    made = 0
    for i in range(12):
        language = ["en", "ja", "hi"][i % 3]
        jurisdiction = ["IN", "JP", "BI"][i % 3]
        text = {"title_en": TITLES["en"].format(f"Notice {i}"), "summary_en": SUMMARIES["en"]}
        text[f"title_{language}"] = TITLES[language].format(f"Notice {i}")
        text[f"summary_{language}"] = SUMMARIES[language]
        notice = PolicyNotice.objects.create(
            organisation=regulator,
            original_language=language,
            **text,
            kind=["scheme", "regulation", "consultation"][i % 3],
            effective_date=(now + timedelta(days=10)).date(),
            jurisdiction=jurisdiction,
            region="" if i % 4 else ("IN-MH" if jurisdiction == "IN" else ""),
            status="published",
            published_at=now - timedelta(hours=rng.randint(1, 20)),
            is_sample=True,
        )
        if i >= 2:  # the first two apply to every sector
            notice.sectors.set(rng.sample(sectors, 2))
        made += 1
    for i in range(8):
        window = FundingWindow.objects.create(
            organisation=financier,
            title_en=TITLES["en"].format(f"Window {i}"),
            title_ja=TITLES["ja"].format(f"窓口 {i}"),
            summary_en=SUMMARIES["en"],
            instrument=["loan", "grant", "credit_guarantee", "equity"][i % 4],
            currency=["INR", "JPY", "USD"][i % 3],
            amount_min=Decimal(500_000 * (i + 1)),
            amount_max=Decimal(15_000_000 * (i + 1)),
            opens_at=now - timedelta(days=20),
            closes_at=now + timedelta(days=3 + i),
            jurisdiction=["IN", "JP", "BI"][i % 3],
            status="published",
            published_at=now - timedelta(hours=rng.randint(1, 20)),
            is_sample=True,
        )
        if i % 2:
            window.sectors.set(rng.sample(sectors, 3))
        made += 1
    for i in range(4):
        TrainingProgramme.objects.create(
            organisation=regulator,
            title_en=TITLES["en"].format(f"Kaizen course {i}"),
            title_hi=TITLES["hi"].format(f"काइज़न पाठ्यक्रम {i}"),
            summary_en=SUMMARIES["en"],
            provider_name="AOTS",
            topic="kaizen",
            language="en",
            mode="online",
            jurisdiction="BI",
            status="published",
            published_at=now - timedelta(hours=rng.randint(1, 20)),
            is_sample=True,
        )
        made += 1
    return made
