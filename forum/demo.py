"""Demo exchange rates (admin-kept in production), so conversions show from the first run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from forum.models import ExchangeRate


def seed(stdout=None) -> None:

    as_of = date(2026, 11, 20)
    for base, quote, rate in (
        ("INR", "JPY", Decimal("1.7800")),
        ("USD", "INR", Decimal("84.50")),
        ("USD", "JPY", Decimal("150.40")),
    ):
        ExchangeRate.objects.get_or_create(
            base=base, quote=quote, as_of=as_of, defaults={"rate": rate}
        )
