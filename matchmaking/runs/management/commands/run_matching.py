"""`manage.py run_matching [--profile ID]`: run matching in this terminal with a live progress line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from matchmaking.models import PartnerProfile
from matchmaking.runs.models import MatchRun, RunKind
from matchmaking.runs.services import match_run_execute


class Command(BaseCommand):
    help = "Run a full match (or an incremental one for --profile) now, in this process."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--profile", type=int, help="re-match only this profile id")

    def handle(self, *args, profile: int | None = None, **options) -> None:

        if profile is not None and not PartnerProfile.objects.filter(pk=profile).exists():
            raise CommandError(f"No partner profile with id {profile}.")
        kind = RunKind.INCREMENTAL if profile else RunKind.FULL
        run = MatchRun.objects.create(kind=kind, profile_id=profile, total=1 if profile else 0)
        out = self.stdout

        def progress(r: MatchRun) -> None:
            width = 30
            if getattr(r, "phase", "") == "scoring":
                done, total = r.scored
                label = "scoring"
            else:
                done, total = r.done, r.total
                label = "storing"
            percent = int(100 * done / total) if total else 100
            filled = int(width * percent / 100)
            out.write(
                f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total} profiles "
                f"({percent} %)   ",
                ending="",
            )
            out.flush()

        try:
            result = match_run_execute(run_id=run.pk, on_progress=progress)
        except Exception as exc:
            raise CommandError(f"match run #{run.pk} failed: {exc}") from exc
        if result is None:
            raise CommandError(f"match run #{run.pk} is being executed elsewhere.")
        out.write("")
        out.write(
            self.style.SUCCESS(
                f"match run #{result.pk} {result.status}: {result.matches_stored} matches stored, "
                f"{result.pairs_scored} pairs scored, compute {result.compute_seconds:.2f} s, "
                f"store {result.store_seconds:.2f} s"
            )
        )
