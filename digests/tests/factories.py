"""Published content and subscribers for the digest tests (written directly: the programs
services need a request's user with MFA, which is beside the point of a digest test)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from digests.services import preference_get_or_create
from programs.models import FundingWindow, PolicyNotice
from tests.factories import make_user


def publish_notice(organisation, *, when: datetime, sectors=(), **fields):
    data = dict(
        organisation=organisation,
        title_en="Notice",
        summary_en="What changed.",
        kind="scheme",
        effective_date=when.date(),
        jurisdiction="IN",
        status="published",
        published_at=when,
    )
    data.update(fields)
    notice = PolicyNotice.objects.create(**data)
    if sectors:
        notice.sectors.set(sectors)
    return notice


def publish_window(organisation, *, when: datetime, closes_in: timedelta, sectors=(), **fields):
    data = dict(
        organisation=organisation,
        title_en="Window",
        summary_en="Money to apply for.",
        instrument="loan",
        currency="INR",
        amount_min=Decimal("500000"),
        amount_max=Decimal("15000000"),
        opens_at=when - timedelta(days=30),
        closes_at=when + closes_in,
        jurisdiction="IN",
        status="published",
        published_at=when,
    )
    data.update(fields)
    window = FundingWindow.objects.create(**data)
    if sectors:
        window.sectors.set(sectors)
    return window


def subscriber(email: str, organisation, *, frequency: str = "daily", **user_fields):
    """A person with a verified address and a digest preference (defaults from their org)."""
    user = make_user(email, organisation, **user_fields)
    preference = preference_get_or_create(user=user)
    preference.frequency = frequency
    preference.save(update_fields=["frequency"])
    return user
