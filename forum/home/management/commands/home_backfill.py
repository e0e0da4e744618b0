"""Count the daily numbers of past days (the same path as the hourly task, further back)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from forum.home.services import daily_counts_run


class Command(BaseCommand):
    help = (
        "Count every ended day of the last --days days that is not counted yet (each day once; "
        "safe to interrupt and run again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args, days: int, **options) -> None:
        if days < 1 or days > 3660:
            self.stderr.write("--days must be between 1 and 3660")
            return
        results = daily_counts_run(days=days)
        counted = [r for r in results if r.counted]
        self.stdout.write(
            f"counted {len(counted)} day(s), {sum(r.rows for r in counted)} row(s); "
            f"{len(results) - len(counted)} taken by another worker"
        )
