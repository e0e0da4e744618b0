from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from forum import money, timefmt
from forum.models import ExchangeRate


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (15_000_000, "₹1,50,00,000"),
        (500_000, "₹5,00,000"),
        (999, "₹999"),
        (1000, "₹1,000"),
        (5_200_000_000_000, "₹52,00,00,00,00,000"),
    ],
)
def test_inr_full_uses_indian_grouping(amount, expected):
    assert money.inr_full(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (15_000_000, "₹1.5 crore"),
        (500_000, "₹5 lakh"),
        (620_000_000, "₹62 crore"),
        (70_000_000_000, "₹7000 crore"),
        (5_200_000_000_000, "₹5.2 lakh crore"),  # ₹5,20,000 crore
        (45_000, "₹45,000"),
    ],
)
def test_inr_words(amount, expected):
    with translation.override("en"):
        assert money.inr_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (150_000_000, "1.5億円"),
        (4_500_000, "450万円"),
        (10_000_000_000_000, "10兆円"),
        (8_000, "8,000円"),
    ],
)
def test_jpy_words(amount, expected):
    assert money.jpy_words(amount) == expected


def test_money_display_shows_words_and_full_figure():
    with translation.override("en"):
        assert money.money(Decimal("15000000"), "INR") == "₹1.5 crore (₹1,50,00,000)"
        assert money.money(150_000_000, "JPY") == "¥150 million (¥150,000,000)"
        assert money.money(8000, "JPY") == "¥8,000"
    with translation.override("ja"):
        assert money.money(150_000_000, "JPY") == "1.5億円 (¥150,000,000)"
        assert money.money(8000, "JPY") == "8,000円"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("ja", 2_500_000_000, "INR", "₹25億"),
        ("ja", 150_000_000, "JPY", "1.5億円"),
        ("ja", 4_500_000, "INR", "₹450万"),
        ("ja", 5_200_000_000_000, "INR", "₹5.2兆"),
        ("hi", 150_000_000, "JPY", "¥15 करोड़"),
        ("hi", 15_000_000, "INR", "₹1.5 करोड़"),
        ("hi", 500_000, "JPY", "¥5 लाख"),
        ("en", 15_000_000, "INR", "₹1.5 crore"),
        ("en", 150_000_000, "JPY", "¥150 million"),
        ("en", 2_000_000_000, "JPY", "¥2 billion"),
        ("en", 10_000_000_000_000, "JPY", "¥10 trillion"),
    ],
)
def test_money_words_follow_the_readers_notation(language, amount, currency, expected):
    with translation.override(language):
        assert money.money_words(amount, currency) == expected


def test_no_indian_word_reaches_a_japanese_reader():
    with translation.override("ja"):
        text = money.money(Decimal("2500000000"), "INR")
    assert "クロール" not in text and "crore" not in text
    assert text == "₹25億 (₹2,50,00,00,000)"


def test_lakh_crore_word_is_translated():
    with translation.override("hi"):
        assert money.inr_words(15_000_000).startswith("₹1.5 ")


@pytest.mark.django_db
def test_conversion_uses_latest_rate_and_its_date():
    ExchangeRate.objects.create(
        base="INR", quote="JPY", rate=Decimal("1.70"), as_of=date(2026, 10, 1)
    )
    ExchangeRate.objects.create(
        base="INR", quote="JPY", rate=Decimal("1.80"), as_of=date(2026, 11, 20)
    )
    result = money.convert(Decimal("15000000"), "INR", "JPY")
    assert result.amount == Decimal("27000000")
    assert result.as_of == date(2026, 11, 20)
    back = money.convert(Decimal("180"), "JPY", "INR")
    assert back.amount == Decimal("100")
    assert money.convert(1, "INR", "USD") is None


def test_deadline_shows_both_clocks():
    moment = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)  # 17:00 JST, 13:30 IST
    with translation.override("en"):
        assert timefmt.dual_time(moment, "Asia/Tokyo", with_date=False) == "17:00 JST (13:30 IST)"
        assert timefmt.dual_time(moment, "Asia/Kolkata", with_date=False) == "13:30 IST (17:00 JST)"
        text = timefmt.deadline(moment, "Asia/Tokyo")
        assert "17:00 JST (13:30 IST)" in text and "2026" in text


def test_companion_date_shown_when_the_day_differs():
    moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 01:00 JST on 1 Dec, 21:30 IST on 30 Nov
    with translation.override("en"):
        text = timefmt.dual_time(moment, "Asia/Tokyo")
    assert "01:00 JST" in text and "21:30 IST" in text
    assert text.count("2026") == 2


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        timefmt.dual_time(datetime(2026, 1, 1, 12, 0))
