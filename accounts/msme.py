"""India's MSME classification, kept in one place.

Composite criteria of the Ministry of MSME (notification S.O. 1364(E) of 21 March 2025, in
force from 1 April 2025): an enterprise is in the smallest class whose limits on BOTH
investment in plant, machinery or equipment AND annual turnover it meets.

| class  | investment up to | turnover up to |
| micro  | ₹2.5 crore       | ₹10 crore      |
| small  | ₹25 crore        | ₹100 crore     |
| medium | ₹125 crore       | ₹500 crore     |
"""

from __future__ import annotations

from decimal import Decimal

CRORE = Decimal(10_000_000)

MICRO, SMALL, MEDIUM, LARGE = "micro", "small", "medium", "large"
MSME_CLASSES = (MICRO, SMALL, MEDIUM)

# (class, max investment in ₹, max turnover in ₹), smallest first
THRESHOLDS: tuple[tuple[str, Decimal, Decimal], ...] = (
    (MICRO, Decimal("2.5") * CRORE, Decimal(10) * CRORE),
    (SMALL, Decimal(25) * CRORE, Decimal(100) * CRORE),
    (MEDIUM, Decimal(125) * CRORE, Decimal(500) * CRORE),
)
THRESHOLDS_SOURCE = "Ministry of MSME notification S.O. 1364(E), 21 March 2025 (from 1 April 2025)"


def msme_class(*, investment_inr: Decimal | None, turnover_inr: Decimal | None) -> str:
    """'micro', 'small', 'medium' or 'large'; '' when either figure is unknown."""
    if investment_inr is None or turnover_inr is None:
        return ""
    for name, max_investment, max_turnover in THRESHOLDS:
        if investment_inr <= max_investment and turnover_inr <= max_turnover:
            return name
    return LARGE
