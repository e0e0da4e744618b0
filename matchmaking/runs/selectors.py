"""Reads for match runs: the current matches of a profile, and the runs admins watch."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from matchmaking.runs.models import CurrentRun, Match, MatchRun


def _current_run_id() -> Subquery:
    return Subquery(CurrentRun.objects.filter(pk=1).values("run_id")[:1])


def current_matches(profile, *, sector=None, partnership_type=None) -> QuerySet[Match]:
    """The profile's matches from the last complete full run (with incremental patches),
    by rank. The pointer to the current run is read in the same SQL statement as the rows,
    so a swap can never show half of one run and half of another. Only the partner and its
    organisation come along: pages show those, and a caller that shows the partner's terms
    prefetches them (`matchmaking.selectors.with_partner_listing_data`)."""
    qs = Match.objects.filter(run_id=_current_run_id(), profile=profile).exclude(
        partner__visibility="hidden"
    )
    if sector is not None:
        key = (
            "partner__sectors__slug"
            if isinstance(sector, str) and not sector.isdigit()
            else "partner__sectors"
        )
        qs = qs.filter(**{key: sector})
    if partnership_type is not None:
        key = (
            "partner__partnership_types__slug"
            if isinstance(partnership_type, str) and not partnership_type.isdigit()
            else "partner__partnership_types"
        )
        qs = qs.filter(**{key: partnership_type})
    if sector is not None or partnership_type is not None:
        qs = qs.distinct()
    return qs.select_related("partner__organisation").order_by("rank")


def match_runs() -> QuerySet[MatchRun]:
    """Runs for the admin page and API, newest first, with who asked and which profile."""
    return (
        MatchRun.objects.select_related("requested_by", "profile__organisation")
        .annotate(
            is_current=Subquery(
                CurrentRun.objects.filter(pk=1, run_id=OuterRef("pk")).values("pk")[:1]
            )
        )
        .order_by("-created_at", "-id")
    )
