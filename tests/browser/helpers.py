"""Steps the browser tests share."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)


def sign_in(
    page, email: str, password: str = "correct-horse-battery", *, totp_secret: str | None = None
) -> None:
    """Sign in through the real allauth form (and the TOTP step when the account has MFA)."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    if totp_secret:
        page.wait_for_selector("input[name=code]")
        # A code typed in a period's last seconds may reach the server in the next period,
        # where it no longer counts (no tolerance): wait for a fresh period first.
        left = 30 - time.time() % 30
        if left < 5:
            time.sleep(left + 0.2)
        code = format_hotp_value(
            hotp_value(totp_secret, next(iter(yield_hotp_counters_from_time())))
        )
        page.fill("input[name=code]", code)
        page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
