"""Load the demo data of every app. Idempotent: running it twice adds nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

import accounts.demo
import digests.demo
import forum.demo
import forum.discussions.demo
import forum.home.demo
import forum.savedsearches.demo
import matchmaking.demo
import matchmaking.partnerships.demo
import programs.demo
from accounts.demo import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET

# Order matters: later apps refer to what earlier ones created. The site's wiring gathers from
# every app, so it sits on top of all of them (docs/architecture.md).
DEMO_MODULES = (
    forum.demo,
    accounts.demo,
    matchmaking.demo,
    matchmaking.partnerships.demo,
    programs.demo,
    forum.discussions.demo,
    digests.demo,
    forum.savedsearches.demo,
    forum.home.demo,
)


class Command(BaseCommand):
    help = "Load the portal's demo data (sample organisations, accounts and content)."

    def handle(self, *args, **options) -> None:
        for module in DEMO_MODULES:
            module.seed(stdout=self.stdout)

        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        for account in ACCOUNTS:
            mfa = "  + TOTP (manage.py demo_totp EMAIL)" if account.mfa else ""
            self.stdout.write(f"  {account.role:<24} {account.email}{mfa}")
        self.stdout.write(
            f"  TOTP secret of the MFA accounts (add it to an authenticator app): {DEMO_TOTP_SECRET}"
        )
