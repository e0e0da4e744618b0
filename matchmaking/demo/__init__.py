"""Demo partner profiles: the two demo MSMEs plus 28 sample companies of both countries.

Idempotent (organisations by slug, profiles one per organisation). The demo Indian MSME
(Ludhiana) and Japanese SME (Osaka) are built to match each other with good reasons: each
offers what the other seeks, they share Southeast Asia as a target market and English as a
working language, and Ludhiana holds 2 of Osaka's 3 required certifications (JIS Q 9100 missing).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation
from accounts.services import organisation_save
from forum.identifiers import corporate_number_check_digit
from forum.regions import REGIONS
from matchmaking.demo.profiles import DEMO_PROFILES
from matchmaking.models import PartnerProfile
from matchmaking.runs.models import MatchRun
from matchmaking.runs.services import match_run_request
from matchmaking.services.profiles import M2M_MODELS, profile_search_refresh


def _identifiers(n: int, country: str, region: str) -> dict:
    """Well-formed, deterministic demo identifiers (Udyam / 法人番号 with its check digit)."""
    if country == "IN":
        return {"udyam_number": f"UDYAM-{REGIONS[region].udyam}-01-{9_100_000 + n:07d}"}
    base = f"{9_100_000_000 + n:012d}"
    return {"corporate_number": f"{corporate_number_check_digit(base)}{base}"}


def _organisation(n: int, row: tuple) -> Organisation:
    slug, name_en, local, country, region, city = row[:6]
    existing = Organisation.objects.filter(slug=slug).first()
    if existing:
        return existing
    local_field = "name_ja" if country == "JP" else "name_hi"
    org = Organisation(
        slug=slug,
        name_en=name_en,
        **{local_field: local},
        country=country,
        kind="msme",
        region=region,
        city=city,
        is_sample=True,
        employees=20 + 7 * n,
        founded_year=1970 + n,
        annual_turnover=Decimal(150_000_000 + 10_000_000 * n),
        turnover_currency="JPY" if country == "JP" else "INR",
        investment=None if country == "JP" else Decimal(20_000_000 + 2_000_000 * n),
        **_identifiers(n, country, region),
    )
    return organisation_save(organisation=org)


@transaction.atomic
def seed(stdout=None) -> int:

    created = 0
    for n, row in enumerate(DEMO_PROFILES):
        organisation = _organisation(n, row)
        if PartnerProfile.objects.filter(organisation=organisation).exists():
            continue
        headline_en, headline_local = row[6], row[7]
        sectors, offered, sought, types, held, required, markets, languages = row[8:]
        local = "ja" if organisation.country == "JP" else "hi"
        profile = PartnerProfile.objects.create(
            organisation=organisation,
            headline_en=headline_en,
            **{f"headline_{local}": headline_local},
            description_en=f"{organisation.name_en}, {organisation.city}. {headline_en}.",
            original_language=local if local == "ja" else "en",
            working_languages=languages,
            visibility="public",
            contact_name=f"Partnerships desk, {organisation.name_en}",
            contact_email=f"partners@{organisation.slug}.example",
            contact_phone="+81 6 6000 0000" if organisation.country == "JP" else "+91 161 400 0000",
            is_sample=True,
        )
        for field, slugs in zip(
            M2M_MODELS, (sectors, offered, sought, types, held, required, markets), strict=True
        ):
            getattr(profile, field).set(M2M_MODELS[field]._default_manager.filter(slug__in=slugs))
        profile_search_refresh(profile=profile)
        created += 1
    if stdout is not None:
        stdout.write(f"matchmaking: {created} partner profiles added")
    _request_first_full_run()
    return created


def _request_first_full_run() -> None:
    """`make run` shows matches once the worker has run the first full match."""

    if not MatchRun.objects.filter(kind="full", status="complete").exists():
        match_run_request(kind="full", requested_by=None)
