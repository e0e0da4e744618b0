"""Test helpers of the home tests (also used by the browser tests)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def current_run_with(profile, partners, *, status: str = "complete"):
    """A complete full run, made current, in which `profile` is matched with `partners`."""
    from matchmaking.models import Capability
    from matchmaking.runs.models import CurrentRun, Match, MatchRun

    cap = Capability.objects.get(slug="cutting-tools").pk
    now = timezone.now()
    run = MatchRun.objects.create(
        kind="full",
        status=status,
        started_at=now - timedelta(minutes=3),
        finished_at=now,
        total=len(partners) + 1,
        done=len(partners) + 1,
        matches_stored=len(partners),
    )
    Match.objects.bulk_create(
        Match(
            run=run,
            profile=profile,
            partner=partner,
            rank=rank,
            points=80 - rank,
            score=(80 - rank) / 100,
            reasons=[{"code": "they_offer", "capabilities": [cap]}],
        )
        for rank, partner in enumerate(partners, start=1)
    )
    CurrentRun.objects.update_or_create(pk=1, defaults={"run": run})
    return run
