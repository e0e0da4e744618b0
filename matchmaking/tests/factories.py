"""Test helpers: partner profiles with taxonomy by slug, and accepted introductions."""

from __future__ import annotations

from itertools import count

from matchmaking.models import Introduction, IntroductionStatus, PartnerProfile
from matchmaking.runs.reason_text import forget_taxonomy_names
from matchmaking.services.profiles import M2M_MODELS, profile_search_refresh
from taxonomy.models import PartnershipType

_seq = count(1)


def make_profile(organisation, **fields) -> PartnerProfile:
    """A profile for `organisation`; M2M fields are given as lists of slugs."""
    m2m = {name: fields.pop(name) for name in list(fields) if name in M2M_MODELS}
    n = next(_seq)
    data = {
        "headline_en": f"Partner {n}",
        "contact_name": f"Contact Person {n}",
        "contact_email": f"contact{n}@secret.example",
        "contact_phone": f"+91 98765 {n:05d}",
        "working_languages": ["en"],
    }
    data.update(fields)
    profile = PartnerProfile.objects.create(organisation=organisation, **data)
    for name, slugs in m2m.items():
        getattr(profile, name).set(M2M_MODELS[name].objects.filter(slug__in=slugs))
    profile_search_refresh(profile=profile)
    return profile


def accepted_introduction(a, b) -> Introduction:
    return Introduction.objects.create(
        from_organisation=a,
        to_organisation=b,
        partnership_type=PartnershipType.objects.get(slug="joint-venture"),
        message="Hello",
        status=IntroductionStatus.ACCEPTED,
    )


def ensure_taxonomy() -> None:
    """Re-seed sectors and taxonomy (idempotent): transactional tests flush migration data."""
    import importlib

    from django.apps import apps

    for name, function in (("0002_sectors", "add_sectors"), ("0004_taxonomy", "add_taxonomy")):
        module = importlib.import_module(f"matchmaking.migrations.{name}")
        getattr(module, function)(apps, None, label="taxonomy")
    # Re-seeded terms get new ids: names cached by an earlier test would be stale.
    forget_taxonomy_names()
