"""Helpers of the partnerships tests: small valid files and a working slot for both sides."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def next_weekday_utc(hour: int, minute: int = 0, *, days_ahead: int = 7):
    """A UTC time on the next working Tuesday–Thursday at least `days_ahead` away (avoids
    holidays in the tests' date range by stepping over them)."""
    from matchmaking.partnerships import hours

    sides = [
        hours.Side(country="IN", region="IN-PB", timezone="Asia/Kolkata"),
        hours.Side(country="JP", region="JP-27", timezone="Asia/Tokyo"),
    ]
    day = timezone.now() + timedelta(days=days_ahead)
    while True:
        start = day.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if start.weekday() in (1, 2, 3) and not any(
            p.startswith("holiday") for _s, p in hours.slot_problems(sides, start, 30)
        ):
            return start
        day += timedelta(days=1)
