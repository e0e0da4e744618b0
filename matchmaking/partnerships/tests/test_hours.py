"""Holidays and working hours with real dates. The holiday data is the pinned `holidays`
release; the Indian dates are checked against the Government of India's gazetted list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from matchmaking.partnerships import hours

LUDHIANA = hours.Side(country="IN", region="IN-PB", timezone="Asia/Kolkata")
PUNE = hours.Side(country="IN", region="IN-MH", timezone="Asia/Kolkata")
OSAKA = hours.Side(country="JP", region="JP-27", timezone="Asia/Tokyo")

# Gazetted holidays of central government offices, 2025 (Department of Personnel and
# Training's list): one release of the package once had Diwali on another day.
GAZETTED_2025 = [
    date(2025, 1, 26),  # Republic Day
    date(2025, 2, 26),  # Maha Shivaratri
    date(2025, 3, 14),  # Holi
    date(2025, 3, 31),  # Id-ul-Fitr
    date(2025, 4, 10),  # Mahavir Jayanti
    date(2025, 4, 18),  # Good Friday
    date(2025, 5, 12),  # Buddha Purnima
    date(2025, 6, 7),  # Id-ul-Zuha (Bakrid)
    date(2025, 7, 6),  # Muharram
    date(2025, 8, 15),  # Independence Day
    date(2025, 8, 16),  # Janmashtami
    date(2025, 9, 5),  # Milad-un-Nabi
    date(2025, 10, 2),  # Mahatma Gandhi's Birthday; Dussehra
    date(2025, 10, 20),  # Diwali (Deepavali)
    date(2025, 11, 5),  # Guru Nanak's Birthday
    date(2025, 12, 25),  # Christmas
]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_package_is_the_pinned_release():
    import holidays

    assert holidays.__version__ == "0.108"


@pytest.mark.parametrize("day", GAZETTED_2025)
def test_indian_holidays_match_the_gazetted_list_of_2025(day):
    assert hours.holiday_name(LUDHIANA, day) is not None


def test_diwali_2025_is_on_20_october():
    assert "Diwali" in hours.holiday_name(LUDHIANA, date(2025, 10, 20))
    assert hours.holiday_name(LUDHIANA, date(2025, 10, 21)) is None


def test_republic_day_2027_is_a_holiday_in_india_only():
    assert hours.holiday_name(LUDHIANA, date(2027, 1, 26)) == "Republic Day"
    assert hours.holiday_name(OSAKA, date(2027, 1, 26)) is None


def test_holiday_names_come_in_the_readers_language():
    assert hours.holiday_name(LUDHIANA, date(2027, 1, 26), "hi") == "गणतंत्र दिवस"
    assert hours.holiday_name(OSAKA, date(2027, 2, 11), "ja") == "建国記念の日"


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)])
def test_japanese_new_year_holidays(day):
    assert hours.holiday_name(OSAKA, day) is not None


def test_2_january_is_a_holiday_in_japan_even_on_a_weekday():
    assert date(2026, 1, 2).weekday() == 4  # a Friday
    assert hours.holiday_name(OSAKA, date(2026, 1, 2)) is not None
    assert hours.holiday_name(LUDHIANA, date(2026, 1, 2)) is None


def test_foundation_day_11_february():
    assert hours.holiday_name(OSAKA, date(2027, 2, 11)) == "Foundation Day"


def test_a_sunday_holiday_moves_to_monday_in_japan():
    assert date(2027, 3, 21).weekday() == 6  # Vernal Equinox Day falls on a Sunday
    assert hours.holiday_name(OSAKA, date(2027, 3, 22), "ja") == "振替休日"


def test_the_state_calendar_is_added_where_the_package_has_it():
    assert hours.holiday_name(PUNE, date(2027, 5, 1)) == "Maharashtra Day"
    assert hours.holiday_name(LUDHIANA, date(2027, 5, 1)) is None


def test_both_zones_reads_like_the_brief():
    assert (
        hours.both_zones(utc(2027, 1, 27, 4, 0), 45, ["Asia/Tokyo", "Asia/Kolkata"])
        == "13:00–13:45 JST / 09:30–10:15 IST"
    )


def test_suggestions_fall_in_the_overlap_and_skip_republic_day():
    starts = hours.suggest_slots(
        [LUDHIANA, OSAKA], 45, after=utc(2027, 1, 25, 0, 0), count=6, days=14
    )
    assert starts[:2] == [utc(2027, 1, 25, 4, 0), utc(2027, 1, 25, 4, 30)]
    assert all(s.date() != date(2027, 1, 26) for s in starts)
    assert starts[2] == utc(2027, 1, 27, 4, 0)
    for start in starts:
        # 09:30–14:30 IST is 13:00–18:00 JST: 04:00–09:00 UTC, and the meeting ends by then
        assert utc(2027, 1, 1, 4, 0).time() <= start.time() <= utc(2027, 1, 1, 8, 15).time()
        assert start.weekday() < 5


def test_suggestions_skip_japanese_holidays_and_weekends():
    starts = hours.suggest_slots(
        [LUDHIANA, OSAKA], 30, after=utc(2027, 2, 10, 10, 0), count=2, days=7, per_day=1
    )
    # Thursday 11 Feb is Foundation Day; Friday 12 Feb is the next working day for both
    assert starts == [utc(2027, 2, 12, 4, 0), utc(2027, 2, 15, 4, 0)]


def test_edited_working_hours_narrow_the_suggestions():
    early = hours.Side(
        country="JP",
        region="JP-27",
        timezone="Asia/Tokyo",
        starts=datetime(2000, 1, 1, 9, 30).time(),
        ends=datetime(2000, 1, 1, 14, 0).time(),
    )
    starts = hours.suggest_slots(
        [LUDHIANA, early], 60, after=utc(2027, 1, 27, 0, 0), count=1, days=3
    )
    assert starts == [utc(2027, 1, 27, 4, 0)]  # 13:00–14:00 JST is the only hour left
    later = hours.suggest_slots(
        [LUDHIANA, early], 60, after=utc(2027, 1, 27, 4, 30), count=1, days=3
    )
    assert later == [utc(2027, 1, 28, 4, 0)]  # 13:30–14:30 JST would end after 14:00


@pytest.mark.parametrize(
    ("start", "problem"),
    [
        (utc(2027, 1, 26, 5, 0), "holiday:Republic Day"),  # 10:30 IST on Republic Day
        (utc(2027, 1, 27, 1, 0), "hours"),  # 06:30 IST
        (utc(2027, 1, 30, 5, 0), "weekend"),  # a Saturday
    ],
)
def test_problems_name_the_side_and_the_reason(start, problem):
    problems = hours.slot_problems([LUDHIANA, OSAKA], start, 30)
    assert (LUDHIANA, problem) in problems


def test_a_slot_in_the_overlap_has_no_problems():
    assert hours.slot_problems([LUDHIANA, OSAKA], utc(2027, 1, 27, 4, 0), 60) == []
