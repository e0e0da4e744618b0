"""Dates read as each language writes them, every month, and sentences keep their order."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from forum import timefmt

ENGLISH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HINDI = [
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्तूबर",
    "नवंबर",
    "दिसंबर",
]
JAPANESE_WEEKDAYS = "月火水木金土日"


def _date(language: str, value: date) -> str:
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_english(month):
    assert _date("en", date(2027, month, 15)) == f"15 {ENGLISH[month - 1]} 2027"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_japanese_with_the_weekday(month):
    value = date(2027, month, 15)
    weekday = JAPANESE_WEEKDAYS[value.weekday()]
    assert _date("ja", value) == f"2027年{month}月15日({weekday})"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_hindi_with_the_cldr_names(month):
    assert _date("hi", date(2027, month, 15)) == f"15 {HINDI[month - 1]} 2027"


def test_it_never_uses_djangos_misspelt_hindi_months():
    text = " ".join(_date("hi", date(2027, month, 1)) for month in range(1, 13))
    for wrong in ("सितमबर", "नवमबर", "दिसमबर", "अक्टूबर"):
        assert wrong not in text


def test_the_date_filter_follows_the_language():
    template = Template("{{ day|date }}")
    with translation.override("ja"):
        assert template.render(Context({"day": date(2027, 1, 15)})) == "2027年1月15日(金)"


MOMENT = datetime(2027, 1, 15, 8, 0, tzinfo=ZoneInfo("UTC"))  # 17:00 JST, 13:30 IST


def test_a_deadline_reads_in_japanese_order():
    with translation.override("ja"):
        text = timefmt.deadline(MOMENT, "Asia/Tokyo")
    assert text == "2027年1月15日(金) 17:00 JST（13:30 IST）"


def test_a_deadline_reads_in_hindi_and_english():
    with translation.override("hi"):
        assert timefmt.deadline(MOMENT, "Asia/Kolkata") == "15 जनवरी 2027, 13:30 IST (17:00 JST)"
    with translation.override("en"):
        assert timefmt.deadline(MOMENT, "Asia/Tokyo") == "15 Jan 2027, 17:00 JST (13:30 IST)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "until 19:30 JST"), ("ja", "19:30 JST まで"), ("hi", "19:30 JST तक")],
)
def test_until_is_one_sentence_in_each_language(language, expected):
    template = Template("{% blocktranslate %}until {{ date }}{% endblocktranslate %}")
    with translation.override(language):
        assert template.render(Context({"date": "19:30 JST"})) == expected
