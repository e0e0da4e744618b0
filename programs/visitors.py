"""Which notices a browser not signed in was already counted for today, kept by the browser.

The state lives in a signed cookie (so it cannot be forged to inflate a counter) and holds
only, per counting zone, that zone's date and the ids of the notices counted on it: no
identifier of the visitor, and nothing of it is stored on the server. A day that has ended in
a zone is dropped when the cookie is read, so the cookie never grows past one day's notices.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

COOKIE_NAME = "notices_seen"
COOKIE_SALT = "programs.notice-visitors"
COOKIE_PATH = "/programs/notices/"
COOKIE_MAX_AGE = 2 * 24 * 3600  # past the end of today in every zone; stale days are dropped
# A browser that opens more notices than this in a day is a crawler; it stops being counted.
MAX_PER_DAY = 100
# Crawlers that say so, and clients that send no User-Agent at all, are not visitors.
ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor", re.IGNORECASE)


def is_robot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(ROBOTS.search(user_agent))


def zone_days(zones: list[str], now: datetime) -> dict[str, date]:
    """Today's date in each counting zone."""
    return {zone: now.astimezone(zoneinfo.ZoneInfo(zone)).date() for zone in zones}


@dataclass
class SeenNotices:
    """{zone: (the zone's date, notice ids counted on it)} of one browser."""

    days: dict[str, tuple[date, set[int]]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def parse(cls, raw: str, today: dict[str, date]) -> SeenNotices:
        """The cookie's state for `today`; anything unreadable or from another day is empty."""
        seen = cls()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return seen
        if not isinstance(data, dict):
            return seen
        for zone, entry in data.items():
            try:
                day, ids = date.fromisoformat(entry[0]), {int(i) for i in entry[1]}
            except (TypeError, ValueError, IndexError, KeyError):
                continue
            if today.get(zone) == day:
                seen.days[zone] = (day, ids)
        return seen

    def dump(self) -> str:
        return json.dumps(
            {zone: [day.isoformat(), sorted(ids)] for zone, (day, ids) in self.days.items()},
            separators=(",", ":"),
        )

    def unseen_zones(self, notice_id: int, today: dict[str, date]) -> list[str]:
        """The zones whose today this browser has not been counted in for `notice_id` (and
        whose cap it has not reached)."""
        zones = []
        for zone, day in today.items():
            known_day, ids = self.days.get(zone, (day, set()))
            if known_day != day:
                ids = set()
            if notice_id not in ids and len(ids) < MAX_PER_DAY:
                zones.append(zone)
        return zones

    def add(self, notice_id: int, zones: list[str], today: dict[str, date]) -> None:
        for zone in zones:
            day = today[zone]
            known_day, ids = self.days.get(zone, (day, set()))
            if known_day != day:
                ids = set()
            self.days[zone] = (day, ids | {notice_id})
            self.changed = True
