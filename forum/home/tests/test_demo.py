"""The demo: every demo account lands on its own home with numbers, the staff page has a year."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.factories import record_mfa_session

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_home_and_the_staff_dashboard_once(client):
    from accounts.models import User
    from forum.home import demo
    from forum.home.models import CountDay, DailyCount
    from matchmaking.models import ProfileView

    call_command("seed_demo", stdout=io.StringIO())
    real = CountDay.objects.filter(is_sample=False, status="done").count()
    sample = CountDay.objects.filter(is_sample=True).count()
    assert real == 2 * demo.REAL_DAYS and sample == 2 * (demo.HISTORY_DAYS - demo.REAL_DAYS)
    rows, views = DailyCount.objects.count(), ProfileView.objects.count()
    assert views > 0

    demo.seed()  # a second run adds nothing
    assert (DailyCount.objects.count(), ProfileView.objects.count()) == (rows, views)

    expected = {
        "msme.india@demo.ijsme.example": "for your answer",
        "sme.japan@demo.ijsme.example": "前回の訪問以降の新しいマッチ",
        "regulator@demo.ijsme.example": "आपकी सूचनाएँ और उनके पाठक",
        "financier@demo.ijsme.example": "MSMEs on the portal are eligible",
        "admin@demo.ijsme.example": "Verification backlog",
    }
    for email, text in expected.items():
        record_mfa_session(client, User.objects.get(email=email))  # staff powers need MFA
        html = client.get("/").content.decode()
        assert text in html, email
    record_mfa_session(client, User.objects.get(email="admin@demo.ijsme.example"))
    html = client.get("/dashboard/staff/").content.decode()
    assert "sample history made for the demo" in html
    assert html.count("<canvas") >= 10
