"""Data of a valid notice, window and programme (for the services, and as the pages' forms post
them), for tests to override field by field."""

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


def notice_form(**overrides) -> dict:
    """What the notice page posts for `notice_data(**overrides)`."""
    data = notice_data(**overrides)
    data["original_language"] = "en"
    return {k: ("" if v is None else v) for k, v in data.items()}


def window_form(**overrides) -> dict:
    """What the funding-window page posts."""
    data = {
        "original_language": "en",
        "title_en": "SIDBI green loan",
        "summary_en": "Energy-efficiency loans.",
        "instrument": "loan",
        "jurisdiction": "IN",
        "currency": "INR",
        "amount_max": "50000000",
        "opens_at": "2026-11-20T10:00",
        "closes_at": "2026-12-28T17:00",
        "entry_timezone": "Asia/Tokyo",
        "apply_url": "https://bank.example/apply",
        "max_turnover_currency": "INR",
        "max_employees": "250",
        "applicant_countries": ["IN"],
    }
    data.update(overrides)
    return data


def programme_form(**overrides) -> dict:
    """What the programme page posts."""
    data = {**programme_data(), "original_language": "en"}
    data.update(overrides)
    return data
