"""`manage.py run_matching [--profile ID]`: run matching in this terminal with a live progress line."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from matchmaking.runs.models import MatchRun, RunKind
from matchmaking.runs.services import match_run_execute


class Command(BaseCommand):
    help = "Run a full match (or an incremental one for --profile) now, in this process."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--profile", type=int, help="re-match only this profile id")

    def handle(self, *args, profile: int | None = None, **options) -> None:
        from matchmaking.models import PartnerProfile

        if profile is not None and not PartnerProfile.objects.filter(pk=profile).exists():
            raise CommandError(f"No partner profile with id {profile}.")
        kind = RunKind.INCREMENTAL if profile else RunKind.FULL
        run = MatchRun.objects.create(kind=kind, profile_id=profile, total=1 if profile else 0)
        out = self.stdout

        def progress(r: MatchRun) -> None:
            width = 30
            filled = int(width * r.percent / 100)
            out.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {r.done}/{r.total} profiles "
                f"({r.percent} %)",
                ending="",
            )
            out.flush()

        try:
            result = match_run_execute(run_id=run.pk, on_progress=progress)
        except Exception as exc:
            raise CommandError(f"match run #{run.pk} failed: {exc}") from exc
        if result is None:
            raise CommandError(f"match run #{run.pk} is being executed elsewhere.")
        if sys.stdout.isatty() or kind == RunKind.FULL:
            out.write("")
        out.write(
            self.style.SUCCESS(
                f"match run #{result.pk} {result.status}: {result.matches_stored} matches stored, "
                f"{result.pairs_scored} pairs scored, compute {result.compute_seconds:.2f} s, "
                f"store {result.store_seconds:.2f} s"
            )
        )
