"""Holidays and working hours with real dates. The holiday data is the pinned `holidays`
release, checked for every year the tests use (docs/partnerships.md, "Holiday data check"):
India against the Government of India's gazetted lists of 2025 and 2026 and, for 2027, the
festival dates; Japan against the Cabinet Office's lists of 2026 and 2027."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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


# Gazetted holidays of central government offices in Delhi, 2026 (DoPT's list).
GAZETTED_2026 = {
    date(2026, 1, 26): "Republic Day",
    date(2026, 3, 4): "Holi",
    date(2026, 3, 21): "Id-ul-Fitr",  # a Saturday
    date(2026, 3, 26): "Ram Navami",
    date(2026, 3, 31): "Mahavir Jayanti",
    date(2026, 4, 3): "Good Friday",
    date(2026, 5, 1): "Buddha Purnima",
    date(2026, 5, 27): "Id-ul-Zuha (Bakrid)",
    date(2026, 6, 26): "Muharram",
    date(2026, 8, 15): "Independence Day",  # a Saturday
    date(2026, 8, 26): "Milad-un-Nabi",
    date(2026, 9, 4): "Janmashtami",
    date(2026, 10, 2): "Mahatma Gandhi's Jayanti",
    date(2026, 10, 20): "Dussehra",
    date(2026, 11, 8): "Diwali (Deepavali)",  # a Sunday
    date(2026, 11, 24): "Guru Nanak's Jayanti",
    date(2026, 12, 25): "Christmas",
}
# 2027: the dates of the festivals (panchang, Easter), the fixed national days, and the
# package's estimates for the Islamic ones until the government notifies them.
INDIA_2027 = {
    date(2027, 1, 26): "Republic Day",
    date(2027, 3, 10): "Id-ul-Fitr",  # estimated
    date(2027, 3, 22): "Holi",
    date(2027, 3, 26): "Good Friday",
    date(2027, 4, 15): "Ram Navami",
    date(2027, 4, 18): "Mahavir Jayanti",
    date(2027, 5, 17): "Id-ul-Zuha (Bakrid)",  # estimated
    date(2027, 5, 20): "Buddha Purnima",
    date(2027, 6, 16): "Muharram",  # estimated
    date(2027, 8, 15): "Independence Day; Milad-un-Nabi",  # the latter estimated
    date(2027, 8, 25): "Janmashtami (Vaishnava)",
    date(2027, 10, 2): "Mahatma Gandhi's Jayanti",
    date(2027, 10, 9): "Dussehra",
    date(2027, 10, 29): "Diwali (Deepavali)",
    date(2027, 11, 14): "Guru Nanak's Jayanti",
    date(2027, 12, 25): "Christmas",
}
# The Cabinet Office's 国民の祝日 (with 振替休日 and the 国民の休日 between two holidays),
# plus the bank holidays of 2–3 January and 31 December that firms keep.
JAPAN = {
    2026: [
        (1, 1), (1, 2), (1, 3), (1, 12), (2, 11), (2, 23), (3, 20), (4, 29), (5, 3), (5, 4),
        (5, 5), (5, 6), (7, 20), (8, 11), (9, 21), (9, 22), (9, 23), (10, 12), (11, 3),
        (11, 23), (12, 31),
    ],
    2027: [
        (1, 1), (1, 2), (1, 3), (1, 11), (2, 11), (2, 23), (3, 21), (3, 22), (4, 29), (5, 3),
        (5, 4), (5, 5), (7, 19), (8, 11), (9, 20), (9, 23), (10, 11), (11, 3), (11, 23),
        (12, 31),
    ],
}  # fmt: skip
INDIA = hours.Side(country="IN", region="", timezone="Asia/Kolkata")  # the national list only


def _holidays_of(side: hours.Side, year: int) -> dict[date, str]:
    day, found = date(year, 1, 1), {}
    while day.year == year:
        name = hours.holiday_name(side, day)
        if name:
            found[day] = name
        day += timedelta(days=1)
    return found


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


@pytest.mark.parametrize(("day", "name"), sorted(GAZETTED_2026.items()))
def test_indian_holidays_match_the_gazetted_list_of_2026(day, name):
    assert name in hours.holiday_name(INDIA, day)


def test_2026_has_nothing_but_the_gazetted_list_and_ambedkar_jayanti():
    """Ambedkar Jayanti is not on the list (separate orders have declared it in some years);
    the package always lists it, and a slot on it only draws a warning."""
    extra = {date(2026, 4, 14): "Dr. B. R. Ambedkar's Jayanti"}
    assert _holidays_of(INDIA, 2026).keys() == GAZETTED_2026.keys() | extra.keys()


def test_diwali_2026_is_on_sunday_8_november_and_holi_on_4_march():
    assert date(2026, 11, 8).weekday() == 6
    assert "Diwali" in hours.holiday_name(INDIA, date(2026, 11, 8))
    for day in (date(2026, 11, 7), date(2026, 11, 9)):
        assert hours.holiday_name(INDIA, day) is None
    assert hours.holiday_name(INDIA, date(2026, 3, 4)) == "Holi"
    assert hours.holiday_name(INDIA, date(2026, 3, 3)) is None


@pytest.mark.parametrize(("day", "name"), sorted(INDIA_2027.items()))
def test_indian_festival_dates_of_2027(day, name):
    assert hours.holiday_name(INDIA, day).replace(" (estimated)", "") == name


def test_2027_lists_maha_shivaratri_on_a_saturday():
    """The package lists four of the festivals of which Delhi keeps three; the fourth,
    Maha Shivaratri, is on Saturday 6 March 2027, a weekend warning either way."""
    extra = {date(2027, 3, 6), date(2027, 4, 14)}  # and Ambedkar Jayanti, as every year
    assert date(2027, 3, 6).weekday() == 5
    assert _holidays_of(INDIA, 2027).keys() == INDIA_2027.keys() | extra


@pytest.mark.parametrize("year", sorted(JAPAN))
def test_japanese_holidays_match_the_cabinet_office_list(year):
    assert sorted(_holidays_of(OSAKA, year)) == [date(year, m, d) for m, d in JAPAN[year]]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 5, 6), "振替休日"),  # Constitution Day on Sunday 3 May
        (date(2026, 9, 22), "国民の休日"),  # between Respect for the Aged and the equinox
        (date(2027, 3, 22), "振替休日"),  # the vernal equinox on Sunday 21 March
    ],
)
def test_substitute_and_citizens_holidays(day, name):
    assert hours.holiday_name(OSAKA, day, "ja") == name


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
