"""Trust rules: new members' first posts and link posts wait; a posting rate limit; silenced
and suspended people are refused on every write, in HTML and in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from forum.discussions.models import Flag, Post, PostStatus, Thread
from forum.discussions.services import (
    PostingRateLimited,
    post_approve,
    post_create,
    post_edit,
)


@pytest.fixture
def trust_on(settings):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 2
    settings.FORUM_NEW_USER_DAYS = 7


def test_it_holds_a_new_members_first_posts(thread, bob, admin_user, trust_on):
    first = post_create(thread=thread, author=bob, body="one")
    assert first.status == PostStatus.PENDING
    post_approve(post=first, by_user=admin_user, reason="ok")
    second = post_create(thread=thread, author=bob, body="two")
    assert second.status == PostStatus.PENDING
    post_approve(post=second, by_user=admin_user, reason="ok")
    third = post_create(thread=thread, author=bob, body="three")
    assert third.status == PostStatus.VISIBLE


def test_it_holds_a_new_thread_until_its_opening_post_is_approved(trust_on, board, bob):
    from forum.discussions.services import thread_create

    thread = thread_create(board=board, author=bob, title="Hello", language="ja", body="x")
    assert not thread.is_visible
    assert not Thread.objects.filter(is_visible=True).exists()


def test_it_holds_links_from_new_members(thread, bob, admin_user, trust_on):
    for body in ("one", "two"):
        post_approve(
            post=post_create(thread=thread, author=bob, body=body), by_user=admin_user, reason="ok"
        )
    plain = post_create(thread=thread, author=bob, body="no link")
    with translation.override("en"):
        linked = post_create(thread=thread, author=bob, body="[deal](https://spam.example)")
    assert plain.status == PostStatus.VISIBLE
    assert linked.status == PostStatus.PENDING
    assert "links" in linked.status_reason


def test_it_lets_older_members_post_links(thread, bob, admin_user, trust_on):
    for body in ("one", "two"):
        post_approve(
            post=post_create(thread=thread, author=bob, body=body), by_user=admin_user, reason="ok"
        )
    bob.date_joined = timezone.now() - timedelta(days=30)
    bob.save()
    linked = post_create(thread=thread, author=bob, body="see https://osaka.example")
    assert linked.status == PostStatus.VISIBLE


def test_it_sends_an_edit_adding_a_link_back_to_the_queue(thread, bob, admin_user, trust_on):
    for body in ("one", "two"):
        post_approve(
            post=post_create(thread=thread, author=bob, body=body), by_user=admin_user, reason="ok"
        )
    post = post_create(thread=thread, author=bob, body="plain")
    post_edit(post=post, by_user=bob, body="now with https://spam.example")
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_it_trusts_verified_regulators(thread, regulator, trust_on):
    post = post_create(thread=thread, author=regulator, body="See https://msme.gov.example")
    assert post.status == PostStatus.VISIBLE


def test_it_lists_waiting_posts_in_the_queue(mfa_login, thread, bob, client, admin_user, trust_on):
    post = post_create(thread=thread, author=bob, body="waiting")
    mfa_login(client, admin_user)
    page = client.get("/forum/moderation/").content.decode()
    assert f'id="queue-{post.pk}"' in page
    assert "Waiting for approval" in page


def test_it_rate_limits_posting(thread, bob, settings):
    settings.FORUM_POSTS_PER_MINUTE = 3
    for n in range(3):
        post_create(thread=thread, author=bob, body=f"post {n}")
    with pytest.raises(PostingRateLimited):
        post_create(thread=thread, author=bob, body="one too many")
    assert Post.objects.filter(author=bob).count() == 3


def test_it_counts_only_the_last_minute(thread, bob, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    post = post_create(thread=thread, author=bob, body="a while ago")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    post_create(thread=thread, author=bob, body="now")


def test_it_shows_the_rate_limit_as_a_form_error(client, thread, bob, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    client.force_login(bob)
    client.post(f"/forum/t/{thread.pk}/reply/", {"body": "first"})
    response = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "second"})
    assert response.status_code == 200
    assert "1分間に1回まで" in response.content.decode()  # Bob reads in Japanese


def test_it_answers_429_to_api_posts_over_the_limit(api_client, thread, bob, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    api_client.force_authenticate(bob)
    assert (
        api_client.post("/api/v1/forum/posts/", {"thread": thread.pk, "body": "a"}).status_code
        == 201
    )
    response = api_client.post("/api/v1/forum/posts/", {"thread": thread.pk, "body": "b"})
    assert response.status_code == 429
    assert "times a minute" in response.json()["error"]["detail"]


def test_rate_limit_is_a_validation_error():
    assert issubclass(PostingRateLimited, ValidationError)


def _silence(user):
    user.silenced_until = timezone.now() + timedelta(days=1)
    user.save()


def _suspend(user):
    user.suspended_until = timezone.now() + timedelta(days=1)
    user.save()


HTML_WRITES = {
    "new thread": lambda ctx: (
        "/forum/b/partnering/new/",
        {"title": "t", "language": "en", "body": "b"},
    ),
    "reply": lambda ctx: (f"/forum/t/{ctx['thread'].pk}/reply/", {"body": "b"}),
    "edit": lambda ctx: (f"/forum/p/{ctx['own'].pk}/edit/", {"body": "changed"}),
    "flag": lambda ctx: (f"/forum/p/{ctx['other'].pk}/flag/", {"reason": "spam"}),
}
API_WRITES = {
    "new thread": lambda ctx: (
        "post", "/api/v1/forum/threads/",
        {"board": "partnering", "title": "t", "language": "en", "body": "b"},
    ),
    "reply": lambda ctx: ("post", "/api/v1/forum/posts/", {"thread": ctx["thread"].pk, "body": "b"}),
    "edit": lambda ctx: ("patch", f"/api/v1/forum/posts/{ctx['own'].pk}/", {"body": "changed"}),
    "flag": lambda ctx: ("post", "/api/v1/forum/flags/", {"post": ctx["other"].pk, "reason": "spam"}),
}  # fmt: skip


@pytest.fixture
def ctx(thread, bob, alice):
    own = post_create(thread=thread, author=bob, body="bob's own")
    return {"thread": thread, "own": own, "other": thread.posts.get(author=alice)}


def _nothing_written(bob) -> bool:
    return (
        Post.objects.filter(author=bob).count() == 1
        and Post.objects.get(author=bob).body == "bob's own"
        and not Flag.objects.exists()
        and not Thread.objects.filter(title="t").exists()
    )


@pytest.mark.parametrize("write", HTML_WRITES.values(), ids=HTML_WRITES.keys())
@pytest.mark.parametrize("restrict", [_silence, _suspend], ids=["silenced", "suspended"])
def test_it_refuses_restricted_people_in_html(client, ctx, bob, write, restrict):
    client.force_login(bob)
    restrict(bob)
    url, data = write(ctx)
    response = client.post(url, data)
    assert response.status_code in (302, 403)
    assert _nothing_written(bob)


@pytest.mark.parametrize("write", API_WRITES.values(), ids=API_WRITES.keys())
@pytest.mark.parametrize("restrict", [_silence, _suspend], ids=["silenced", "suspended"])
def test_it_refuses_restricted_people_in_the_api(api_client, ctx, bob, write, restrict):
    api_client.force_authenticate(bob)
    restrict(bob)
    method, url, data = write(ctx)
    response = getattr(api_client, method)(url, data)
    assert response.status_code == 403, response.content
    assert _nothing_written(bob)


def test_it_tells_silenced_people_why_they_cannot_reply(client, ctx, bob):
    _silence(bob)
    client.force_login(bob)
    page = client.get(ctx["thread"].get_absolute_url()).content.decode()
    assert "閲覧はできますが投稿はできません" in page  # Bob reads in Japanese
    assert 'name="body"' not in page
    assert "/flag/" not in page and "/edit/" not in page and "?quote=" not in page


def test_it_still_lets_silenced_people_read(client, ctx, bob):
    _silence(bob)
    client.force_login(bob)
    assert client.get(ctx["thread"].get_absolute_url()).status_code == 200
