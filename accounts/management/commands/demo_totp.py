"""Print the current TOTP code of a demo account, so the README's sign-in works without a phone."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo data only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args, email: str, **options) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )
        from allauth.mfa.utils import decrypt

        user = (
            User.objects.filter(email=email.lower(), organisation__is_sample=True).first()
            or User.objects.filter(
                email=email.lower(), email__endswith="@demo.ijsme.example"
            ).first()
        )
        if user is None:
            raise CommandError("Only demo accounts (…@demo.ijsme.example) have a printable code.")
        auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if auth is None:
            raise CommandError(f"{email} has no TOTP authenticator.")
        secret = decrypt(auth.data["secret"])
        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
