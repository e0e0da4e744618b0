"""The forum API: open reads, signed-in writes, admin-only moderation, all in the schema."""

from __future__ import annotations

import pytest

from forum.discussions.models import Flag, Post, PostStatus, Thread
from forum.discussions.services import post_create
from tests.factories import make_user


def test_it_lists_boards_and_threads_to_visitors(api_client, thread):
    boards = api_client.get("/api/v1/forum/boards/").json()
    assert boards["count"] == 1 and boards["results"][0]["slug"] == "partnering"
    threads = api_client.get("/api/v1/forum/threads/").json()
    assert [t["title"] for t in threads["results"]] == ["Gear blanks"]
    assert set(threads) == {"count", "next", "previous", "results"}


def test_it_filters_threads_by_board_language_and_search(api_client, thread, board, bob):
    from forum.discussions.services import thread_create

    thread_create(board=board, author=bob, title="精密加工の相談", language="ja", body="治具")
    assert api_client.get("/api/v1/forum/threads/?language=ja").json()["count"] == 1
    assert api_client.get("/api/v1/forum/threads/?q=治具").json()["count"] == 1
    assert api_client.get("/api/v1/forum/threads/?board=partnering").json()["count"] == 2
    assert api_client.get("/api/v1/forum/threads/?board=nope").status_code == 404


def test_it_lists_the_posts_of_a_thread(api_client, thread, bob_post):
    body = api_client.get(f"/api/v1/forum/posts/?thread={thread.pk}").json()
    assert [p["body"] for p in body["results"]] == ["Opening post", "A reply from Osaka"]
    assert body["results"][1]["organisation"]["name"] == "Bob Seimitsu"


def test_it_shows_the_verified_badge_in_the_api(api_client, thread, financier):
    post_create(thread=thread, author=financier, body="We lend")
    results = api_client.get(f"/api/v1/forum/posts/?thread={thread.pk}").json()["results"]
    assert results[-1]["organisation"]["is_verified"] is True
    assert results[0]["organisation"]["is_verified"] is False


WRITES = {
    "thread": ("post", "/api/v1/forum/threads/", lambda t: {"board": "partnering", "title": "x", "language": "en", "body": "y"}),
    "post": ("post", "/api/v1/forum/posts/", lambda t: {"thread": t.pk, "body": "y"}),
    "flag": ("post", "/api/v1/forum/flags/", lambda t: {"post": t.posts.first().pk, "reason": "spam"}),
    "edit": ("patch", "/api/v1/forum/posts/{post}/", lambda t: {"body": "changed"}),
    "subscribe": ("post", "/api/v1/forum/threads/{thread}/subscribe/", lambda t: {}),
    "hide": ("post", "/api/v1/forum/posts/{post}/hide/", lambda t: {"reason": "x"}),
    "lock": ("post", "/api/v1/forum/threads/{thread}/lock/", lambda t: {"reason": "x"}),
    "silence": ("post", "/api/v1/forum/moderation/people/{author}/silence/", lambda t: {"reason": "x"}),
}  # fmt: skip


@pytest.mark.parametrize(("method", "url", "data"), WRITES.values(), ids=WRITES.keys())
def test_it_refuses_anonymous_writes(api_client, thread, method, url, data):
    url = url.format(post=thread.posts.first().pk, thread=thread.pk, author=thread.author_id)
    response = getattr(api_client, method)(url, data(thread), format="json")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["status"] in (401, 403)
    assert Thread.objects.count() == 1 and Post.objects.count() == 1
    assert not Flag.objects.exists()


def test_it_creates_threads_posts_and_flags(api_client, thread, bob):
    api_client.force_authenticate(bob)
    created = api_client.post(
        "/api/v1/forum/threads/",
        {"board": "partnering", "title": "API thread", "language": "ja", "body": "本文"},
    )
    assert created.status_code == 201 and created.json()["language"] == "ja"
    reply = api_client.post("/api/v1/forum/posts/", {"thread": thread.pk, "body": "**hi**"})
    assert reply.status_code == 201
    assert reply.json()["body_html"] == "<p><strong>hi</strong></p>\n"
    flag = api_client.post(
        "/api/v1/forum/flags/", {"post": thread.posts.first().pk, "reason": "off_topic"}
    )
    assert flag.status_code == 201
    again = api_client.post(
        "/api/v1/forum/flags/", {"post": thread.posts.first().pk, "reason": "spam"}
    )
    assert again.status_code == 400
    assert "post" in again.json()["error"]["fields"]


@pytest.mark.parametrize("post", [None, ""])
def test_a_flag_names_its_post(api_client, thread, bob, post):
    """Flags of other apps' content have no post; through this API one is always needed."""
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/forum/flags/", {"post": post, "reason": "spam"}, format="json"
    )
    assert response.status_code == 400 and "post" in response.json()["error"]["fields"]
    assert not Flag.objects.exists()


def test_it_returns_field_errors(api_client, thread, bob):
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/forum/threads/", {"board": "partnering", "title": "", "language": "xx"}
    )
    assert response.status_code == 400
    assert {"title", "language", "body"} <= set(response.json()["error"]["fields"])


def test_it_lets_authors_edit_only_their_posts(api_client, thread, bob, alice):
    post = thread.posts.first()
    api_client.force_authenticate(bob)
    assert api_client.patch(f"/api/v1/forum/posts/{post.pk}/", {"body": "x"}).status_code == 403
    api_client.force_authenticate(alice)
    response = api_client.patch(f"/api/v1/forum/posts/{post.pk}/", {"body": "new"})
    assert response.status_code == 200 and response.json()["edited"] is True


def test_it_lets_moderators_act_through_the_api(api_client, bob_post, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post(f"/api/v1/forum/posts/{bob_post.pk}/hide/", {"reason": "spam"})
    assert response.status_code == 200 and response.json()["status"] == PostStatus.HIDDEN
    queue = api_client.get("/api/v1/forum/moderation/queue/")
    assert queue.status_code == 200
    moved = api_client.post(
        f"/api/v1/forum/moderation/people/{bob_post.author_id}/silence/",
        {"reason": "cool off", "days": 2},
    )
    assert moved.status_code == 200 and moved.json()["silenced_until"]


def test_it_requires_a_reason_in_the_api(api_client, bob_post, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post(f"/api/v1/forum/posts/{bob_post.pk}/hide/", {})
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


@pytest.mark.parametrize("who", ["alice", "bob", "admin_without_mfa"])
def test_it_refuses_api_moderation_to_others(request, api_client, bob_post, who):
    person = (
        make_user("nomfa@example.com", None, is_staff=True)
        if who == "admin_without_mfa"
        else request.getfixturevalue(who)
    )
    api_client.force_authenticate(person)
    assert (
        api_client.post(f"/api/v1/forum/posts/{bob_post.pk}/hide/", {"reason": "x"}).status_code
        == 403
    )
    assert api_client.get("/api/v1/forum/moderation/queue/").status_code == 403
    bob_post.refresh_from_db()
    assert bob_post.is_visible


def test_it_keeps_pending_posts_out_of_the_api(api_client, thread, bob, settings):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 1
    post_create(thread=thread, author=bob, body="waiting")
    bodies = [p["body"] for p in api_client.get("/api/v1/forum/posts/").json()["results"]]
    assert "waiting" not in bodies


def test_it_describes_the_forum_in_the_schema(client, db):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/forum/boards/",
        "/api/v1/forum/threads/",
        "/api/v1/forum/posts/",
        "/api/v1/forum/flags/",
        "/api/v1/forum/posts/{id}/hide/",
        "/api/v1/forum/moderation/queue/",
        "/api/v1/forum/moderation/people/{id}/block/",
    ):
        assert path in schema, path
