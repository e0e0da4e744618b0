"""What `/healthz` reports besides the database and the broker: beat's last tick, queue lengths.

Beat counts as stale when its heartbeat is older than twice BEAT_HEARTBEAT_INTERVAL: one
missed tick is noise (a worker restart, a deploy), two in a row mean the schedule has stopped
and no digest or nightly match run will happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from forum.models import Heartbeat


@dataclass(frozen=True)
class BeatState:
    status: str  # "ok", "stale" or "never" (no tick recorded yet)
    last_tick: datetime | None
    age_seconds: float | None
    max_age_seconds: int

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "last_tick": self.last_tick.isoformat() if self.last_tick else None,
            "age_seconds": round(self.age_seconds, 1) if self.age_seconds is not None else None,
            "max_age_seconds": self.max_age_seconds,
        }


def beat_max_age_seconds() -> int:
    return 2 * settings.BEAT_HEARTBEAT_INTERVAL


def beat_last_tick() -> datetime | None:
    return Heartbeat.objects.filter(name=Heartbeat.BEAT).values_list("beat_at", flat=True).first()


def beat_state(*, now: datetime | None = None) -> BeatState:
    now = now or timezone.now()
    last = beat_last_tick()
    limit = beat_max_age_seconds()
    if last is None:
        return BeatState("never", None, None, limit)
    age = max(0.0, (now - last).total_seconds())
    return BeatState("ok" if age <= limit else "stale", last, age, limit)
