"""Form data of a valid notice, window and programme, for tests to override field by field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone


def notice_data(**overrides) -> dict:
    data = dict(
        title_en="Revised ZED certification subsidy",
        summary_en="Micro enterprises get 80% of the ZED certification cost back.",
        body_en="From **1 December** the subsidy covers *Bronze* and *Silver*.",
        kind="scheme",
        jurisdiction="IN",
        effective_date=date(2026, 12, 1),
        compliance_deadline=date(2027, 3, 31),
        source_url="https://msme.gov.in/example",
    )
    data.update(overrides)
    return data


def window_data(**overrides) -> dict:
    now = timezone.now()
    data = dict(
        title_en="Green loan for MSMEs",
        summary_en="Concessional loans for rooftop solar and energy efficiency.",
        instrument="concessional_loan",
        jurisdiction="IN",
        currency="INR",
        amount_min=Decimal("1000000"),
        amount_max=Decimal("50000000"),
        interest_rate_min=Decimal("7.5"),
        interest_rate_max=Decimal("9.0"),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        apply_url="https://bank.example/apply",
    )
    data.update(overrides)
    return data


def programme_data(**overrides) -> dict:
    data = dict(
        title_en="AOTS Kaizen and 5S on the shop floor",
        summary_en="Five days of Kaizen practice with Japanese experts.",
        body="Bring your own **value-stream map**.",
        topic="kaizen",
        language="en",
        mode="in_person",
        place="Pune",
        jurisdiction="BI",
    )
    data.update(overrides)
    return data
