"""Each role's home page: what it shows, what its numbers link to, and what it costs.

Pinned query counts include the session, the person and the bell's unread count of the layout.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.home.tests.factories import current_run_with

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_keep_the_front_page(client):
    html = _html(client.get("/"))
    assert "Where Indian MSMEs and Japanese SMEs find partners" in html
    assert "Welcome back" not in html


def test_a_person_without_an_organisation_gets_the_front_page(client, db):
    from tests.factories import make_user

    client.force_login(make_user("new@example.com"))
    assert "Where Indian MSMEs and Japanese SMEs find partners" in _html(client.get("/"))


# ---------------------------------------------------------------- MSME


@pytest.fixture
def msme_world(settings, alice, alice_profile, bob_profile, carol, open_window, programme):
    """Alice: two matches, one request waiting for her, one she sent, an eligible window
    closing in 10 days, a session booked, and a followed thread with a new reply."""
    from forum.discussions.models import Board
    from forum.discussions.services import post_create, subscription_create, thread_create
    from matchmaking.models import Introduction, PartnershipType
    from programs.services import enrolment_enrol

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    settings.FORUM_NEW_USER_DAYS = 0
    carol_profile = carol.organisation.partner_profile
    current_run_with(alice_profile, [bob_profile, carol_profile])
    jv = PartnershipType.objects.get(slug="joint-venture")
    now = timezone.now()
    Introduction.objects.create(
        from_organisation=carol.organisation,
        to_organisation=alice.organisation,
        partnership_type=jv,
        message="Shall we talk?",
        expires_at=now + timedelta(days=5, hours=1),
    )
    Introduction.objects.create(
        from_organisation=alice.organisation,
        to_organisation=bob_profile.organisation,
        partnership_type=jv,
        message="Cutting tools?",
        expires_at=now + timedelta(days=12, hours=1),
    )
    enrolment_enrol(session=programme.sessions.get(), user=alice)
    board = Board.objects.create(slug="partnering", name_en="Partnering")
    thread = thread_create(
        board=board, author=alice, title="Heat treatment in Pune?", language="en", body="Who?"
    )
    subscription_create(thread=thread, user=alice)
    post_create(thread=thread, author=carol, body="We know a shop in Chakan.")
    return alice


def test_msme_home_shows_what_waits_for_them(client, msme_world):
    client.force_login(msme_world)
    html = _html(client.get("/"))
    assert "New matches since your last visit" in html
    assert "Bob Seimitsu" in html and "Carol Foods" in html
    assert "They offer" in html  # the reason, in words
    assert "1 waits for your answer" in html and "5 days left" in html
    assert "1 you sent awaits a reply" in html and "12 days left" in html
    assert "/partners/introductions/?box=received&amp;status=pending" in html
    assert "Green loan for MSMEs" in html
    assert "eligible=1&amp;open_now=1&amp;closing_within=14" in html
    assert "AOTS Kaizen and 5S on the shop floor" in html
    assert "Heat treatment in Pune?" in html and "1 new post" in html
    assert 'href="/forum/following/?new=1"' in html  # the number's list
    assert "/unread/" in html  # each thread opens at its first unread post
    # The profile lacks certifications and languages are set: the meter names the next field.
    assert "Add your certifications" in html


def test_msme_matches_are_new_only_until_the_next_visit(client, msme_world, settings):
    from forum.home.models import HomeVisit

    client.force_login(msme_world)
    assert ">2</a>" in _html(client.get("/"))
    # Still the same visit: the matches stay new.
    assert ">2</a>" in _html(client.get("/"))
    HomeVisit.objects.update(last_seen_at=timezone.now() - timedelta(hours=2))
    html = _html(client.get("/"))
    assert "Nothing new since your last visit." in html
    assert ">0</a>" in html


def test_followed_threads_leave_the_home_once_read(client, msme_world):
    from forum.discussions.models import Thread

    client.force_login(msme_world)
    thread = Thread.objects.get(title="Heat treatment in Pune?")
    assert "Heat treatment in Pune?" in _html(client.get("/"))
    client.get(thread.get_absolute_url())
    html = _html(client.get("/"))
    assert "Heat treatment in Pune?" not in html
    assert "No new posts in threads you follow." in html


def test_msme_home_without_a_profile_says_what_to_do(client, alice):
    client.force_login(alice)
    html = _html(client.get("/"))
    assert "Create your partner profile" in html
    assert "Nothing waiting." in html
    assert "No sessions booked." in html


def test_msme_home_query_count_is_pinned(client, msme_world, django_assert_num_queries):
    client.force_login(msme_world)
    client.get("/")  # warm the per-process taxonomy names and the first visit row
    with django_assert_num_queries(13):
        client.get("/")


# ---------------------------------------------------------------- regulator


@pytest.fixture
def regulator_world(regulator, published_notice, alice, bob):
    from programs.services import notice_create, notice_read_record
    from programs.tests.factories import notice_data

    notice_create(user=regulator, data=notice_data(title_en="A draft on hydrogen"))
    notice_create(
        user=regulator,
        data=notice_data(
            title_en="Consultation on ammonia storage",
            kind="consultation",
            compliance_deadline=timezone.localdate() + timedelta(days=20),
        ),
        publish=True,
    )
    notice_read_record(notice=published_notice, reader=alice)
    notice_read_record(notice=published_notice, reader=bob)
    notice_read_record(notice=published_notice, reader=bob)  # once per reader
    notice_read_record(notice=published_notice, reader=regulator)  # not its own body
    return regulator


def test_regulator_home_lists_notices_with_readers(client, regulator_world, published_notice):
    client.force_login(regulator_world)
    html = _html(client.get("/"))
    assert "Your notices and their readers" in html
    assert "Revised ZED certification subsidy" in html
    assert "A draft on hydrogen" in html
    assert f'href="/dashboard/notices/{published_notice.pk}/">2</a></td>' in html
    assert "/programs/notices/?mine=1&amp;status=draft" in html
    assert "Consultation on ammonia storage" in html  # a deadline within 60 days


def test_the_draft_link_lists_exactly_the_drafts(client, regulator_world):
    client.force_login(regulator_world)
    html = _html(client.get("/programs/notices/?mine=1&status=draft"))
    assert "A draft on hydrogen" in html
    assert "Revised ZED certification subsidy" not in html


def test_regulator_home_query_count_is_pinned(client, regulator_world, django_assert_num_queries):
    client.force_login(regulator_world)
    client.get("/")
    with django_assert_num_queries(9):
        client.get("/")


# ---------------------------------------------------------------- financier


@pytest.fixture
def financier_world(financier, open_window, alice, bob, carol):
    from programs.models import ExpressionOfInterest

    ExpressionOfInterest.objects.create(window=open_window, organisation=alice.organisation)
    ExpressionOfInterest.objects.create(
        window=open_window, organisation=carol.organisation, status="contacted"
    )
    ExpressionOfInterest.objects.create(
        window=open_window, organisation=bob.organisation, status="declined"
    )
    return financier


def test_financier_home_shows_interests_and_the_eligible_pool(client, financier_world):
    client.force_login(financier_world)
    html = _html(client.get("/"))
    assert "Green loan for MSMEs" in html
    assert '<span class="home-number">1</span> new' in html
    assert '<span class="home-number">1</span> contacted' in html
    assert '<span class="home-number">1</span> declined' in html
    # alice and carol are Indian with 50 employees; bob is Japanese: the country excludes him.
    assert "2 of 3 MSMEs on the portal are eligible." in html
    assert "The criterion that excludes the most: country (1)." in html


def test_the_interest_links_list_exactly_that_status(client, financier_world, open_window):
    client.force_login(financier_world)
    html = _html(client.get(f"/programs/funding/{open_window.pk}/interests/?status=contacted"))
    assert "Carol Foods" in html
    assert "Alice Auto Parts" not in html and "Bob Seimitsu" not in html


def test_financier_home_query_count_is_pinned(client, financier_world, django_assert_num_queries):
    client.force_login(financier_world)
    client.get("/")  # fills the eligible-pool cache
    with django_assert_num_queries(8):
        client.get("/")


# ---------------------------------------------------------------- admin


@pytest.fixture
def admin_world(admin_user, alice, bob, db):
    from forum.discussions.models import Board, Flag
    from forum.discussions.services import thread_create
    from tests.factories import make_org

    make_org(name_en="Waiting Bank", kind="financier", verification_status="pending")
    board = Board.objects.create(slug="partnering", name_en="Partnering")
    thread = thread_create(board=board, author=alice, title="Spam?", language="en", body="Buy")
    post = thread.posts.get()
    Flag.objects.create(post=post, flagger=bob, reason="spam")
    type(post).objects.filter(pk=post.pk).update(open_flag_count=1)
    return admin_user


def test_admin_home_shows_queues_and_runs(mfa_login, client, admin_world):
    from matchmaking.runs.models import MatchRun

    MatchRun.objects.create(kind="full", status="failed", error="worker lost")
    mfa_login(client, admin_world)
    html = _html(client.get("/"))
    assert "Verification backlog" in html and 'href="/account/verification/">1</a>' in html
    assert "Moderation queue" in html and 'href="/forum/moderation/">' in html
    assert "oldest open flag raised" in html
    assert "Failed" in html and "worker lost" in html
    assert "No digest run yet" in html


def test_admin_without_mfa_is_asked_to_turn_it_on(client, db):
    from tests.factories import make_user

    client.force_login(make_user("nomfa@example.com", None, is_staff=True))
    html = _html(client.get("/"))
    assert "Turn on two-factor authentication to see the verification" in html
    assert "Verification backlog" not in html


def test_admin_home_query_count_is_pinned(
    mfa_login, client, admin_world, django_assert_num_queries
):
    mfa_login(client, admin_world)
    client.get("/")
    with django_assert_num_queries(10):
        client.get("/")


def test_msme_home_hides_matches_marked_not_interested(client, msme_world, bob):
    from matchmaking.models import NotInterested

    NotInterested.objects.create(organisation=bob.organisation, other=msme_world.organisation)
    client.force_login(msme_world)
    html = _html(client.get("/"))
    assert "Carol Foods" in html
    assert "Bob Seimitsu</a>\n          <span" not in html and ">1</a>" in html


def test_msme_home_counts_past_the_fetched_requests(client, msme_world, monkeypatch):
    from forum.home import selectors

    monkeypatch.setattr(selectors, "PENDING_FETCH", 1)
    client.force_login(msme_world)
    html = _html(client.get("/"))
    assert "1 waits for your answer" in html and "1 you sent awaits a reply" in html
