"""The followed-threads page: new posts since the person last read each thread, the link to
the first unread post, unfollowing from the list, and what the page costs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.discussions.models import Post, Subscription, Thread
from forum.discussions.selectors import followed_threads
from forum.discussions.services import post_create, subscription_create, thread_create
from forum.discussions.tests.factories import add_posts

FOLLOWED = "/forum/following/"


def _read_until(user, thread):
    return Subscription.objects.get(user=user, thread=thread).read_until


@pytest.fixture
def followed(board, alice, bob):
    """Bob follows two threads by Alice; the older one has two replies by Alice he has not
    read, the newer one none. Bob reads English here unless a test says otherwise."""
    bob.language = "en"
    bob.save(update_fields=["language"])
    old = thread_create(board=board, author=alice, title="Gear blanks", language="en", body="1")
    new = thread_create(board=board, author=alice, title="Die casting", language="en", body="2")
    subscription_create(thread=old, user=bob)
    subscription_create(thread=new, user=bob)
    post_create(thread=old, author=alice, body="first reply")
    post_create(thread=old, author=alice, body="second reply")
    Thread.objects.filter(pk=new.pk).update(last_posted_at=timezone.now() - timedelta(days=1))
    return old, new


def test_it_lists_followed_threads_newest_activity_first_with_new_posts(client, bob, followed):
    old, new = followed
    client.force_login(bob)
    rows = list(followed_threads(bob))
    assert [(s.thread_id, s.new_posts) for s in rows] == [(old.pk, 2), (new.pk, 0)]
    html = client.get(FOLLOWED).content.decode()
    assert "2 new posts" in html
    assert html.index("Gear blanks") < html.index("Die casting")
    assert f'href="/forum/t/{old.pk}/unread/"' in html  # unread: to the first unread post
    assert f'href="/forum/t/{new.pk}/"' in html


def test_new_posts_are_others_posts_since_the_person_last_read(board, alice, bob, followed):
    old, _new = followed
    post_create(thread=old, author=bob, body="my own reply is not new to me")
    hidden = post_create(thread=old, author=alice, body="hidden")
    Post.objects.filter(pk=hidden.pk).update(status="hidden")
    assert followed_threads(bob).get(thread=old).new_posts == 2


def test_reading_a_page_marks_what_it_showed_read(client, settings, board, alice, bob, followed):
    old, _new = followed
    client.force_login(bob)
    assert client.get(old.get_absolute_url()).status_code == 200
    assert followed_threads(bob).get(thread=old).new_posts == 0
    assert _read_until(bob, old) == old.posts.order_by("published_at").last().published_at

    settings.FORUM_POSTS_PER_PAGE = 2
    later = timezone.now() + timedelta(minutes=5)
    add_posts(old, alice, 3)
    Post.objects.filter(thread=old, published_at__gt=_read_until(bob, old)).update(
        published_at=later
    )
    client.get(old.get_absolute_url(), {"page": 1})  # an earlier page moves nothing
    assert followed_threads(bob).get(thread=old).new_posts == 3
    client.get(old.get_absolute_url(), {"page": 2})
    assert _read_until(bob, old) == later
    assert followed_threads(bob).get(thread=old).new_posts == 0


def test_the_unread_link_goes_to_the_first_unread_post(client, settings, alice, bob, followed):
    old, _new = followed
    settings.FORUM_POSTS_PER_PAGE = 2
    client.force_login(bob)
    first_unread = old.posts.order_by("created_at", "id")[1]  # the opening post was read
    response = client.get(f"/forum/t/{old.pk}/unread/")
    assert response.status_code == 302
    assert response["Location"] == f"/forum/t/{old.pk}/?page=1#post-{first_unread.pk}"

    Subscription.objects.filter(user=bob, thread=old).update(read_until=first_unread.published_at)
    third = old.posts.order_by("created_at", "id")[2]
    assert client.get(f"/forum/t/{old.pk}/unread/")["Location"] == (
        f"/forum/t/{old.pk}/?page=2#post-{third.pk}"
    )


def test_the_unread_link_without_anything_unread_goes_to_the_last_page(client, bob, followed):
    _old, new = followed
    client.force_login(bob)
    assert client.get(f"/forum/t/{new.pk}/unread/")["Location"] == f"/forum/t/{new.pk}/?page=last"


def test_the_unread_link_of_someone_not_following_goes_to_the_thread(client, regulator, followed):
    old, _new = followed
    client.force_login(regulator)
    assert client.get(f"/forum/t/{old.pk}/unread/")["Location"] == f"/forum/t/{old.pk}/"
    client.logout()
    assert client.get(f"/forum/t/{old.pk}/unread/")["Location"] == f"/forum/t/{old.pk}/"


def test_new_1_keeps_the_threads_with_new_posts(client, bob, followed):
    client.force_login(bob)
    html = client.get(FOLLOWED, {"new": "1"}).content.decode()
    assert "Gear blanks" in html
    assert "Die casting" not in html


def test_unfollowing_from_the_list_comes_back_to_it(client, bob, followed):
    old, _new = followed
    client.force_login(bob)
    response = client.post(f"/forum/t/{old.pk}/subscribe/", {"subscribe": "0", "next": "followed"})
    assert response["Location"] == FOLLOWED
    assert not Subscription.objects.filter(user=bob, thread=old).exists()
    assert "Gear blanks" not in client.get(FOLLOWED).content.decode()


def test_it_lists_only_the_persons_own_follows_and_listed_threads(client, alice, bob, followed):
    old, new = followed
    Thread.objects.filter(pk=new.pk).update(is_visible=False)
    client.force_login(bob)
    assert [s.thread_id for s in followed_threads(bob)] == [old.pk]
    client.force_login(alice)  # Alice follows her own threads; Bob's read state is not hers
    assert {s.thread_id: s.new_posts for s in followed_threads(alice)} == {old.pk: 0}


def test_empty_states_say_how_to_follow(client, bob, board):
    bob.language = "en"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    html = client.get(FOLLOWED).content.decode()
    assert "Open a thread and choose “Follow this thread”" in html
    assert "Nothing new" in client.get(FOLLOWED, {"new": "1"}).content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("ja", "フォロー中のスレッド"), ("hi", "आपके फ़ॉलो किए गए थ्रेड")]
)
def test_it_speaks_japanese_and_hindi(client, bob, followed, language, heading):
    bob.language = language
    bob.save(update_fields=["language"])
    client.force_login(bob)
    html = client.get(FOLLOWED, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html


def test_anonymous_visitors_are_sent_to_sign_in(client, followed):
    response = client.get(FOLLOWED)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_forum_index_links_to_it(client, bob, board):
    client.force_login(bob)
    assert f'href="{FOLLOWED}"' in client.get("/forum/").content.decode()


@pytest.mark.parametrize("threads", [2, 12])
def test_it_pins_the_followed_page(
    client, django_assert_num_queries, settings, board, alice, bob, threads
):
    settings.FORUM_POSTS_PER_MINUTE = 100
    for n in range(threads):
        thread = thread_create(board=board, author=alice, title=f"T{n}", language="en", body="x")
        subscription_create(thread=thread, user=bob)
        post_create(thread=thread, author=alice, body="reply")
    client.force_login(bob)
    # session, user, count, subscriptions (thread, board, new posts), the bell's unread count
    with django_assert_num_queries(5):
        assert client.get(FOLLOWED).status_code == 200
