"""Query counts are pinned so an N+1 fails: the thread page costs the same for 10 posts and
200, and every list page and API list has a fixed count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.discussions.models import Board
from forum.discussions.services import flag_create, thread_create
from forum.discussions.tests.factories import add_posts

# Anonymous visitor: thread, count, posts page.
THREAD_PAGE_ANONYMOUS = 3
# Signed-in member: session, user, thread, count, posts, subscription (no MFA lookup: not staff),
# the bell's unread count.
THREAD_PAGE_MEMBER = 7
# A follower shown posts they had not read: + the UPDATE of their read state.
THREAD_PAGE_FOLLOWER_UNREAD = THREAD_PAGE_MEMBER + 1
# Moderator: + the MFA lookup that makes them one.
THREAD_PAGE_MODERATOR = 8


def _many_authors(thread, count, orgs):
    from tests.factories import make_user

    people = [make_user(f"writer{thread.pk}-{n}@example.com", org) for n, org in enumerate(orgs)]
    add_posts(thread, people, count)


@pytest.mark.parametrize("posts", [10, 200])
def test_it_costs_the_same_for_10_and_200_posts_anonymous(
    client, django_assert_num_queries, thread, bob, regulator, financier, posts
):
    _many_authors(thread, posts, [bob.organisation, regulator.organisation, financier.organisation])
    with django_assert_num_queries(THREAD_PAGE_ANONYMOUS):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("posts", [10, 200])
def test_it_costs_the_same_for_10_and_200_posts_signed_in(
    client, django_assert_num_queries, thread, alice, bob, regulator, posts
):
    _many_authors(thread, posts, [bob.organisation, regulator.organisation])
    client.force_login(alice)  # the thread's author follows it
    with django_assert_num_queries(THREAD_PAGE_FOLLOWER_UNREAD):
        response = client.get(thread.get_absolute_url(), {"page": "last"})
    assert response.status_code == 200
    with django_assert_num_queries(THREAD_PAGE_MEMBER):  # read now: nothing to move
        assert client.get(thread.get_absolute_url(), {"page": "last"}).status_code == 200


def test_it_pins_the_board_index(client, django_assert_num_queries, board, alice):
    for n in range(5):
        Board.objects.create(slug=f"b{n}", name_en=f"Board {n}")
    with django_assert_num_queries(1):
        assert client.get("/forum/").status_code == 200


@pytest.mark.parametrize("threads", [2, 12])
def test_it_pins_the_board_page(
    client, django_assert_num_queries, settings, board, alice, bob, threads
):
    settings.FORUM_POSTS_PER_MINUTE = 100
    for n in range(threads):
        thread_create(
            board=board, author=alice if n % 2 else bob, title=f"T{n}", language="en", body="x"
        )
    with django_assert_num_queries(3):  # board, count, threads
        assert client.get("/forum/b/partnering/").status_code == 200


@pytest.mark.parametrize("flagged", [1, 8])
def test_it_pins_the_moderation_queue(
    mfa_login, client, django_assert_num_queries, thread, bob, admin_user, flagged
):
    from forum.discussions.services import post_create
    from tests.factories import make_org, make_user

    org = make_org(name_en="Flaggers", region="IN-KA")
    flagger = make_user(f"f{flagged}@example.com", org)
    for n in range(flagged):
        flag_create(
            post=post_create(thread=thread, author=bob, body=f"p{n}")
            if n < 5
            else add_posts(thread, bob, 1)[0],
            flagger=flagger,
            reason="spam",
        )
    mfa_login(client, admin_user)
    # session, user, MFA check, count, posts, open flags (prefetch), other apps' open flags
    with django_assert_num_queries(8):  # + the bell's unread count
        assert client.get("/forum/moderation/").status_code == 200


API_LISTS = {
    "boards": ("/api/v1/forum/boards/", 2),  # count, rows
    "threads": ("/api/v1/forum/threads/", 2),
    "posts": ("/api/v1/forum/posts/", 2),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("url", "queries"), API_LISTS.values(), ids=API_LISTS.keys())
def test_it_pins_api_lists(
    api_client, django_assert_num_queries, board, alice, bob, regulator, size, url, queries
):
    for n in range(size):
        Board.objects.create(slug=f"b{n}", name_en=f"Board {n}")
    thread = thread_create(board=board, author=alice, title="T", language="en", body="x")
    _many_authors(thread, size, [bob.organisation, regulator.organisation])
    with django_assert_num_queries(queries):
        response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_it_pins_the_signed_in_post_list(api_client, django_assert_num_queries, thread, alice, bob):
    add_posts(thread, bob, 30)
    api_client.force_authenticate(alice)
    with django_assert_num_queries(3):  # MFA lookup (moderator?), count, rows
        assert api_client.get(f"/api/v1/forum/posts/?thread={thread.pk}").status_code == 200


def test_it_captures_queries_in_one_place(client, thread):
    """Guard for the constants above: the anonymous page issues no query per post."""
    add_posts(thread, thread.author, 30)
    with CaptureQueriesContext(connection) as queries:
        client.get(thread.get_absolute_url())
    assert not [
        q
        for q in queries.captured_queries
        if "accounts_organisation" in q["sql"] and "WHERE" in q["sql"] and '"id" =' in q["sql"]
    ]


@pytest.mark.parametrize("posts", [10, 200])
def test_it_costs_the_same_for_moderators(
    mfa_login, client, django_assert_num_queries, thread, bob, admin_user, posts
):
    add_posts(thread, bob, posts)
    mfa_login(client, admin_user)
    with django_assert_num_queries(THREAD_PAGE_MODERATOR):
        assert client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("threads", [2, 12])
def test_it_pins_search_results(client, django_assert_num_queries, settings, board, bob, threads):
    settings.FORUM_POSTS_PER_MINUTE = 100
    for n in range(threads):
        thread_create(board=board, author=bob, title=f"Kaizen {n}", language="en", body="5S")
    with django_assert_num_queries(2):  # count, threads (with board and author)
        page = client.get("/forum/", {"q": "kaizen"})
    assert page.status_code == 200
    assert page.content.decode().count("Kaizen ") >= threads


@pytest.mark.parametrize("notices", [1, 9])
def test_it_pins_the_notices_page(client, django_assert_num_queries, bob, notices):
    from forum.discussions.models import ModerationNotice

    for n in range(notices):
        ModerationNotice.objects.create(
            recipient=bob, action="post.hide", subject=f"T{n}", reason="r"
        )
    client.force_login(bob)
    with django_assert_num_queries(5):  # session, user, count, notices, the bell
        assert client.get("/forum/notices/").status_code == 200


def test_it_keeps_the_search_in_page_links(client, settings, board, bob):
    settings.FORUM_POSTS_PER_MINUTE = 100
    settings.FORUM_POSTS_PER_PAGE = 2
    for n in range(5):
        thread_create(board=board, author=bob, title=f"Kaizen {n}", language="en", body="5S")
    page = client.get("/forum/b/partnering/", {"q": "kaizen"}).content.decode()
    assert "q=kaizen&amp;page=2" in page


@pytest.mark.parametrize("count", [2, 12])
def test_it_pins_the_flag_list_and_the_api_queue(
    api_client, django_assert_num_queries, settings, thread, alice, bob, admin_user, count
):
    from forum.discussions.services import flag_create

    settings.FORUM_FLAG_HIDE_THRESHOLD = 99
    for post in add_posts(thread, bob, count):
        flag_create(post=post, flagger=alice, reason="spam")
    api_client.force_authenticate(alice)
    with django_assert_num_queries(2):  # count, flags
        assert api_client.get("/api/v1/forum/flags/").json()["count"] == count
    api_client.force_authenticate(admin_user)
    with django_assert_num_queries(4):  # MFA check, count, posts, open flags
        assert api_client.get("/api/v1/forum/moderation/queue/").json()["count"] == count
