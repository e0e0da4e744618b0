"""The sample data: idempotent, marked as sample, and every page of it renders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programs.models import FundingWindow, PolicyNotice, TrainingProgramme


@pytest.fixture
def seeded(db):
    from accounts.demo import seed as seed_accounts
    from forum.demo import seed as seed_forum
    from programs.demo import seed

    seed_forum()
    seed_accounts()
    seed()
    return seed


def test_it_seeds_sample_items_once(seeded):
    counts = (
        PolicyNotice.objects.count(),
        FundingWindow.objects.count(),
        TrainingProgramme.objects.count(),
    )
    seeded()
    assert counts == (
        PolicyNotice.objects.count(),
        FundingWindow.objects.count(),
        TrainingProgramme.objects.count(),
    )
    assert all(counts)
    assert not FundingWindow.objects.filter(is_sample=False).exists()


def test_every_sample_page_renders(client, seeded):
    for name in ("programs:notice_list", "programs:window_list", "programs:programme_list"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert "Sample data" in page.content.decode()
    for model, name in (
        (PolicyNotice, "programs:notice_detail"),
        (FundingWindow, "programs:window_detail"),
        (TrainingProgramme, "programs:programme_detail"),
    ):
        for pk in model.objects.values_list("pk", flat=True):
            assert client.get(reverse(name, args=[pk])).status_code == 200


def test_the_three_api_lists_are_not_empty(api_client, seeded):
    for url in ("/api/v1/notices/", "/api/v1/funding-windows/", "/api/v1/programs/"):
        assert api_client.get(url).json()["count"] > 0
    csv = api_client.get("/api/v1/funding-windows/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")


def test_the_demo_programmes_sessions_match_their_descriptions(seeded):
    from datetime import timedelta

    five_days = TrainingProgramme.objects.get(title_en__startswith="AOTS Kaizen")
    for session in five_days.sessions.all():
        assert (session.ends_at.date() - session.starts_at.date()).days == 4
    evenings = TrainingProgramme.objects.get(title_en="5S online for food processors")
    sessions = list(evenings.sessions.all())
    assert len(sessions) == 4
    assert all(s.ends_at - s.starts_at == timedelta(hours=2) for s in sessions)
    twelve_weeks = TrainingProgramme.objects.get(title_en__startswith="JISSI mentorship")
    [cohort] = twelve_weeks.sessions.all()
    assert (cohort.ends_at - cohort.starts_at).days == 12 * 7
