"""Fixtures of the partnerships tests: a conversation between alice's Indian MSME and bob's
Japanese SME, a third organisation (carol), and silenced / suspended members of alice's side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_org, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def carol(db):
    org = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    return make_user("carol@example.com", org, full_name="Carol")


@pytest.fixture
def alice_colleague(alice):
    return make_user("alice2@example.com", alice.organisation, role="member", full_name="Asha")


@pytest.fixture
def silenced(alice):
    return make_user(
        "silenced@example.com",
        alice.organisation,
        role="member",
        silenced_until=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def suspended(alice):
    return make_user(
        "suspended@example.com",
        alice.organisation,
        role="member",
        suspended_until=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def introduction(alice, bob):
    from matchmaking.tests.factories import accepted_introduction

    return accepted_introduction(alice.organisation, bob.organisation)


@pytest.fixture
def conversation(introduction):
    from matchmaking.partnerships.services.conversations import conversation_open

    return conversation_open(introduction=introduction)


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


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
