"""Fixtures of the notification tests: one real event of every kind, made by its service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from matchmaking.tests.factories import make_profile
from taxonomy.models import PartnershipType
from tests.factories import make_org, make_user


@pytest.fixture
def alice_profile(alice):
    return make_profile(alice.organisation, headline_en="Gears", sectors=["automotive-mobility"])


@pytest.fixture
def bob_profile(bob):
    return make_profile(bob.organisation, headline_en="Cutting tools")


@pytest.fixture
def carol(db):
    org = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    return make_user("carol@example.com", org, full_name="Carol", language="hi")


@pytest.fixture
def intro_from_alice(alice, alice_profile, bob_profile):
    from matchmaking.services import introduction_request

    return introduction_request(
        by_user=alice,
        profile=bob_profile,
        partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
        message="Let us talk about gear blanks.",
    )


@pytest.fixture
def window(financier):
    from programs.services import window_create
    from programs.tests.factories import window_data

    return window_create(
        user=financier, data=window_data(title_ja="MSME向けグリーンローン"), publish=True
    )


@pytest.fixture
def session(regulator):
    from programs.services import programme_create, session_add
    from programs.tests.factories import programme_data

    programme = programme_create(
        user=regulator, data=programme_data(title_hi="कार्यस्थल पर काइज़न"), publish=True
    )
    start = timezone.now() + timedelta(days=10)
    return session_add(
        programme=programme,
        user=regulator,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=1,
    )


@pytest.fixture
def post_by_alice(alice, settings):
    from forum.discussions.models import Board
    from forum.discussions.services import thread_create

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    settings.FORUM_NEW_USER_DAYS = 0

    board = Board.objects.create(slug="partnering", name_en="Partnering")
    thread = thread_create(
        board=board, author=alice, title="Gear blanks", language="en", body="Opening post"
    )
    return thread.posts.first()


@pytest.fixture
def pending_regulator(db):
    org = make_org(name_en="State Industries Desk", name_hi="राज्य उद्योग डेस्क", kind="regulator")
    org.verification_status = "pending"
    org.save(update_fields=["verification_status"])
    return make_user("desk@example.com", org, mfa=True, language="hi")
