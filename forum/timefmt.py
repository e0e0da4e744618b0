"""Two clocks: times are stored in UTC and shown in the reader's zone with the other country's
zone beside them, e.g. "28 Nov 2026, 17:00 JST (13:30 IST)" or, to a Japanese reader,
"2026年11月28日(土) 17:00 JST（13:30 IST）". Neither zone has daylight saving.

The date comes from the language's format module (forum/formats/); how date, time and the
other clocks are joined is a translatable sentence, since the order and punctuation differ.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy, pgettext

# The zones members choose from: the two countries first, then where members of the forum
# really work (offices in South-East Asia, the Gulf, Europe, the Americas, Africa, Oceania).
TIME_ZONE_CHOICES = [
    ("Asia/Kolkata", gettext_lazy("India (IST, UTC+5:30)")),
    ("Asia/Tokyo", gettext_lazy("Japan (JST, UTC+9)")),
    ("UTC", gettext_lazy("Coordinated Universal Time (UTC)")),
    ("Asia/Singapore", gettext_lazy("Singapore (UTC+8)")),
    ("Asia/Bangkok", gettext_lazy("Bangkok, Hanoi, Jakarta (UTC+7)")),
    ("Asia/Shanghai", gettext_lazy("China, Taiwan (UTC+8)")),
    ("Asia/Seoul", gettext_lazy("Korea (UTC+9)")),
    ("Asia/Dhaka", gettext_lazy("Bangladesh (UTC+6)")),
    ("Asia/Kathmandu", gettext_lazy("Nepal (UTC+5:45)")),
    ("Asia/Dubai", gettext_lazy("United Arab Emirates (UTC+4)")),
    ("Africa/Nairobi", gettext_lazy("Kenya, East Africa (UTC+3)")),
    ("Africa/Lagos", gettext_lazy("Nigeria, West Africa (UTC+1)")),
    ("Europe/London", gettext_lazy("London")),
    ("Europe/Berlin", gettext_lazy("Berlin, Paris")),
    ("America/New_York", gettext_lazy("New York")),
    ("America/Los_Angeles", gettext_lazy("Los Angeles, San Francisco")),
    ("America/Sao_Paulo", gettext_lazy("São Paulo")),
    ("Australia/Sydney", gettext_lazy("Sydney")),
]

IST = ZoneInfo("Asia/Kolkata")
JST = ZoneInfo("Asia/Tokyo")
ABBREVIATIONS = {"Asia/Kolkata": "IST", "Asia/Calcutta": "IST", "Asia/Tokyo": "JST", "UTC": "UTC"}
COUNTRY_ZONES = {"IN": "Asia/Kolkata", "JP": "Asia/Tokyo"}


def as_zone(tz: tzinfo | str | None) -> tzinfo:
    if tz is None:
        return timezone.get_current_timezone()
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def zone_abbrev(tz: tzinfo, when: datetime | None = None) -> str:
    key = getattr(tz, "key", None)
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    return (when or timezone.now()).astimezone(tz).tzname() or str(key)


def _companions(primary: tzinfo) -> list[tzinfo]:
    key = getattr(primary, "key", None)
    if key in ("Asia/Kolkata", "Asia/Calcutta"):
        return [JST]
    if key == "Asia/Tokyo":
        return [IST]
    return [JST, IST]


def _date(value: datetime) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _with_date(date_text: str, time_text: str) -> str:
    return pgettext("date and time", "%(date)s, %(time)s") % {
        "date": date_text,
        "time": time_text,
    }


def _time(value: datetime) -> str:
    return value.strftime("%H:%M")


def dual_time(
    value: datetime | None, tz: tzinfo | str | None = None, *, with_date: bool = True
) -> str:
    """A moment in the reader's zone with the other country's clock beside it.

    The companion shows its own date only when it falls on another day:
    "1 Dec 2026, 01:00 JST (30 Nov 2026, 21:30 IST)".
    """
    if value is None:
        return ""
    if timezone.is_naive(value):
        raise ValueError("dual_time needs an aware datetime")
    primary = as_zone(tz)
    local = value.astimezone(primary)
    head = f"{_time(local)} {zone_abbrev(primary, value)}"
    if with_date:
        head = _with_date(_date(local), head)
    others = []
    for zone in _companions(primary):
        other = value.astimezone(zone)
        text = f"{_time(other)} {zone_abbrev(zone, value)}"
        if with_date and other.date() != local.date():
            text = _with_date(_date(other), text)
        others.append(text)
    return pgettext("time with other clocks", "%(time)s (%(others)s)") % {
        "time": head,
        "others": ", ".join(others),
    }


def deadline(value: datetime | None, tz: tzinfo | str | None = None) -> str:
    """Deadlines read like "closes 17:00 JST (13:30 IST)" with the date in front."""
    return dual_time(value, tz, with_date=True)


def zone_for_country(country: str | None) -> str:
    """The default time zone of a person whose organisation is in `country` (IST otherwise)."""
    return COUNTRY_ZONES.get(country or "", "Asia/Kolkata")
