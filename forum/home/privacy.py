"""Data export and account deletion for the home app (registered in HomeConfig.ready).

The daily counts hold no person; a person's `HomeVisit` (when they last looked, which match
partners they had then) is theirs.
"""

from __future__ import annotations

from typing import Any

from forum.home.models import HomeVisit


def export_user(user: Any) -> dict[str, list[dict[str, Any]]]:
    visit = HomeVisit.objects.filter(user=user).first()
    if visit is None:
        return {"home_visits": []}
    return {
        "home_visits": [
            {
                "visit_started_at": visit.started_at.isoformat(),
                "last_seen_at": visit.last_seen_at.isoformat(),
                "previous_visit_ended_at": (
                    visit.previous_seen_at.isoformat() if visit.previous_seen_at else None
                ),
            }
        ]
    }


def erase_user(user: Any) -> None:
    HomeVisit.objects.filter(user=user).delete()
