"""Re-convert funding windows' foreign-currency turnover limits to INR at the latest rates."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from programs.services.funding import windows_renormalise


class Command(BaseCommand):
    help = "Re-convert open funding windows' turnover limits to INR at the latest exchange rates."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{windows_renormalise()} funding windows updated")
