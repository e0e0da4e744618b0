"""Money in each country's notation, and conversion at an admin-kept exchange rate.

₹ uses Indian digit grouping (₹1,50,00,000) and the words lakh (10^5), crore (10^7) and
lakh crore (10^12); ¥ uses 万 (10^4), 億 (10^8) and 兆 (10^12). Amounts are Decimals; no float
ever touches money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from forum.models import ExchangeRate

LAKH = Decimal(100_000)
CRORE = Decimal(10_000_000)
LAKH_CRORE = Decimal(10**12)
MAN = Decimal(10_000)
OKU = Decimal(10**8)
CHO = Decimal(10**12)


def _to_decimal(amount: Decimal | int | float | str) -> Decimal:
    try:
        return amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc


def _plain(number: Decimal, places: int = 2) -> str:
    """`number` rounded to `places` decimals with trailing zeros dropped (1.50 -> 1.5)."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{number.quantize(quantum, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def group_indian(amount: Decimal | int) -> str:
    """Digits in Indian grouping: 15000000 -> '1,50,00,000' (last three, then pairs)."""
    value = _to_decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    digits = str(abs(int(value)))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    return sign + ",".join([*pairs, tail])


def group_western(amount: Decimal | int) -> str:
    value = _to_decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(value):,}"


def inr_full(amount: Decimal | int | str) -> str:
    return "₹" + group_indian(_to_decimal(amount))


def inr_words(amount: Decimal | int | str) -> str:
    """₹ in lakh / crore words: 15000000 -> '₹1.5 crore', 5.2e12 -> '₹5.2 lakh crore'."""
    value = _to_decimal(amount)
    magnitude = abs(value)
    if magnitude >= LAKH_CRORE:
        return f"₹{_plain(value / LAKH_CRORE)} " + _("lakh crore")
    if magnitude >= CRORE:
        return f"₹{_plain(value / CRORE)} " + _("crore")
    if magnitude >= LAKH:
        return f"₹{_plain(value / LAKH)} " + _("lakh")
    return inr_full(value)


def jpy_full(amount: Decimal | int | str) -> str:
    return "¥" + group_western(_to_decimal(amount))


def jpy_words(amount: Decimal | int | str) -> str:
    """¥ in 万 / 億 / 兆: 150000000 -> '1.5億円', 4500000 -> '450万円', 10^13 -> '10兆円'."""
    value = _to_decimal(amount)
    magnitude = abs(value)
    if magnitude >= CHO:
        return f"{_plain(value / CHO)}兆円"
    if magnitude >= OKU:
        return f"{_plain(value / OKU)}億円"
    if magnitude >= MAN:
        return f"{_plain(value / MAN)}万円"
    return f"{group_western(value)}円"


def usd_full(amount: Decimal | int | str) -> str:
    return "US$" + group_western(_to_decimal(amount))


def usd_words(amount: Decimal | int | str) -> str:
    value = _to_decimal(amount)
    magnitude = abs(value)
    if magnitude >= Decimal(10**9):
        return f"US${_plain(value / Decimal(10**9))} " + _("billion")
    if magnitude >= Decimal(10**6):
        return f"US${_plain(value / Decimal(10**6))} " + _("million")
    return usd_full(value)


def money_full(amount: Decimal | int | str, currency: str) -> str:
    return {"INR": inr_full, "JPY": jpy_full, "USD": usd_full}[currency](amount)


def money_words(amount: Decimal | int | str, currency: str) -> str:
    return {"INR": inr_words, "JPY": jpy_words, "USD": usd_words}[currency](amount)


def money(amount: Decimal | int | str | None, currency: str) -> str:
    """The display form used everywhere: words, and the full figure when they differ.

    '₹1.5 crore (₹1,50,00,000)', '1.5億円 (¥150,000,000)', '₹50,000'.
    """
    if amount is None or amount == "":
        return ""
    words = money_words(amount, currency)
    full = money_full(amount, currency)
    return words if words == full or words == f"{full[1:]}円" else f"{words} ({full})"


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    rate: Decimal
    as_of: date

    def __str__(self) -> str:
        return _("≈ %(amount)s at the rate of %(date)s") % {
            "amount": money_words(self.amount, self.currency),
            "date": self.as_of.isoformat(),
        }


def convert(
    amount: Decimal | int | str, source: str, target: str, *, on: date | None = None
) -> Converted | None:
    """Convert at the latest admin-kept rate (on or before `on`); None when no rate is known."""

    value = _to_decimal(amount)
    if source == target:
        return Converted(value, target, Decimal(1), on or date.today())
    rate = ExchangeRate.latest(source, target, on=on)
    if rate is None:
        return None
    converted = (value * rate.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Converted(converted, target, rate.rate, rate.as_of)


def other_currency(currency: str) -> str:
    """The currency shown beside an amount: INR beside JPY and USD, JPY beside INR."""
    return "JPY" if currency == "INR" else "INR"
