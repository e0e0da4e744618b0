"""What match runs hold about a person: the runs they asked for (admins' "run now")."""

from __future__ import annotations

from typing import Any

from matchmaking.runs.models import MatchRun


def export_user(user: Any) -> dict[str, Any]:
    return {
        "match_runs_requested": [
            {"id": run.pk, "kind": run.kind, "created_at": run.created_at.isoformat()}
            for run in MatchRun.objects.filter(requested_by=user).order_by("pk")
        ]
    }


def erase_user(user: Any) -> None:
    MatchRun.objects.filter(requested_by=user).update(requested_by=None)
