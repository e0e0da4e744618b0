"""Data export and erasure of a person's saved searches (registered in SavedSearchesConfig)."""

from __future__ import annotations

from typing import Any

from forum.savedsearches.models import SavedSearch


def export_user(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": s.name,
            "list": s.kind,
            "query": s.query,
            "created_at": s.created_at.isoformat(),
            "last_checked_at": s.last_checked_at.isoformat() if s.last_checked_at else None,
            "muted_results": [r.url for r in s.results.all() if r.muted],
        }
        for s in SavedSearch.objects.filter(user=user).prefetch_related("results")
    ]


def erase_user(user: Any) -> None:
    """Saved searches are the person's alone: delete them (results cascade)."""
    SavedSearch.objects.filter(user=user).delete()
