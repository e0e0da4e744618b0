"""Working hours, weekends and public holidays of both sides, and the slots that fit them.

Pure functions over plain values (no database): the meeting form, the API and the tests call
them alike. Holidays come from the `holidays` package, pinned in pyproject.toml because its
Indian festival dates are data we checked (docs/partnerships.md):

- India: the national list (gazetted holidays of central government offices) plus the
  organisation's state where the package has it (`IN-PB` → subdivision `PB`).
- Japan: national holidays, with 振替休日 (substitute holidays) as the package computes them,
  plus the bank holidays of 2–3 January and 31 December (年末年始), when firms are closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from forum.timefmt import COUNTRY_ZONES, zone_abbrev

DEFAULT_STARTS = time(9, 30)
DEFAULT_ENDS = time(18, 0)
STEP = timedelta(minutes=30)

# The package's own translations of holiday names, per reader language.
_LANGUAGES = {"IN": {"en": "en_IN", "hi": "hi"}, "JP": {"en": "en_US", "ja": "ja"}}


@dataclass(frozen=True)
class Side:
    """One organisation's calendar: its country, state/prefecture and working hours."""

    country: str
    region: str
    timezone: str
    starts: time = DEFAULT_STARTS
    ends: time = DEFAULT_ENDS

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def default_timezone(country: str) -> str:
    return COUNTRY_ZONES.get(country, "UTC")


@lru_cache(maxsize=64)
def _calendar(country: str, region: str, year: int, language: str) -> holidays.HolidayBase:
    if country == "IN":
        subdiv = region.split("-", 1)[1] if region.startswith("IN-") else None
        if subdiv not in holidays.India.subdivisions:
            subdiv = None
        return holidays.India(
            years=year, subdiv=subdiv, language=_LANGUAGES["IN"].get(language, "en_IN")
        )
    if country == "JP":
        return holidays.Japan(
            years=year,
            categories=("public", "bank"),
            language=_LANGUAGES["JP"].get(language, "en_US"),
        )
    return holidays.HolidayBase()  # organisations are Indian or Japanese; others: none


def holiday_name(side: Side, day: date, language: str = "en") -> str | None:
    """The public holiday `day` is on `side`'s calendar, in `language` where the package has it."""
    return _calendar(side.country, side.region, day.year, language).get(day)


def _local_problem(side: Side, start: datetime, end: datetime, language: str) -> list[str]:
    local_start = start.astimezone(side.zone)
    local_end = end.astimezone(side.zone)
    problems: list[str] = []
    day = local_start.date()
    if day.weekday() >= 5:
        problems.append("weekend")
    name = holiday_name(side, day, language)
    if name:
        problems.append(f"holiday:{name}")
    if local_end.date() != day or local_start.time() < side.starts or local_end.time() > side.ends:
        problems.append("hours")
    return problems


def slot_problems(
    sides: list[Side], start: datetime, minutes: int, language: str = "en"
) -> list[tuple[Side, str]]:
    """Each side's reasons why the slot does not suit it: weekend, holiday:NAME or hours."""
    end = start + timedelta(minutes=minutes)
    return [
        (side, problem) for side in sides for problem in _local_problem(side, start, end, language)
    ]


def suggest_slots(
    sides: list[Side], minutes: int, *, after: datetime, count: int, days: int, per_day: int = 2
) -> list[datetime]:
    """The first `count` starts (UTC, on the half hour) after `after` that suit every side,
    at most `per_day` on one day so the choice spreads over the coming days."""
    zone_utc = ZoneInfo("UTC")
    cursor = after.astimezone(zone_utc).replace(second=0, microsecond=0)
    cursor += timedelta(minutes=(30 - cursor.minute % 30) % 30)
    limit = cursor + timedelta(days=days)
    found: list[datetime] = []
    per_date: dict[date, int] = {}
    while cursor < limit and len(found) < count:
        if not slot_problems(sides, cursor, minutes):
            key = cursor.date()
            if per_date.get(key, 0) < per_day:
                found.append(cursor)
                per_date[key] = per_date.get(key, 0) + 1
        cursor += STEP
    return found


def both_zones(start: datetime, minutes: int, zones: list[str]) -> str:
    """ "13:00–13:45 JST / 09:30–10:15 IST": the slot in each given zone, in that order."""
    end = start + timedelta(minutes=minutes)
    parts = []
    for key in dict.fromkeys(zones):
        zone = ZoneInfo(key)
        parts.append(
            f"{start.astimezone(zone):%H:%M}–{end.astimezone(zone):%H:%M} {zone_abbrev(zone, start)}"
        )
    return " / ".join(parts)
