"""Demo data: idempotent, and the two demo MSMEs match each other with good reasons."""

from __future__ import annotations

import pytest

from matchmaking.models import PartnerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    from accounts import demo as accounts_demo
    from matchmaking import demo

    accounts_demo.seed()
    with django_capture_on_commit_callbacks(execute=False):
        demo.seed()
    return demo


def test_it_seeds_about_thirty_sample_profiles_once(seeded):
    assert PartnerProfile.objects.count() == 30
    assert PartnerProfile.objects.filter(is_sample=True).count() == 30
    assert seeded.seed() == 0
    assert PartnerProfile.objects.count() == 30


def test_it_requests_a_full_run_when_none_is_complete(seeded):
    from matchmaking.runs.models import MatchRun

    assert MatchRun.objects.filter(kind="full").count() == 1


def test_it_makes_the_two_demo_msmes_match_each_other(seeded):
    from matchmaking.runs.models import MatchRun
    from matchmaking.runs.reason_text import render_reasons
    from matchmaking.runs.selectors import current_matches
    from matchmaking.runs.services import match_run_execute

    run = MatchRun.objects.get(kind="full")
    assert match_run_execute(run_id=run.pk).status == "complete"
    india = PartnerProfile.objects.get(organisation__slug="ludhiana-precision-auto-components")
    japan = PartnerProfile.objects.get(organisation__slug="osaka-seimitsu-tooling")
    top = list(current_matches(india)[:3])
    assert japan in [m.partner for m in top]
    match = next(m for m in current_matches(japan) if m.partner == india)
    assert match.rank <= 3
    reasons = " | ".join(render_reasons(match.reasons, "en"))
    assert "precision machining" in reasons.lower()
    assert "JIS Q 9100" in reasons  # 2 of 3 required certifications held
    assert "Southeast Asia" in reasons
