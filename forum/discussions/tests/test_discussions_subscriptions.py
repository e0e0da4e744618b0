"""Batched reply mails (one per subscriber per tick, never twice) and the digest contract."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forum.discussions.models import Subscription
from forum.discussions.selectors import subscribed_thread_updates
from forum.discussions.services import (
    post_create,
    subscription_create,
    subscription_mail_send,
    thread_create,
)
from forum.discussions.tasks import subscription_mail_tick


@pytest.fixture
def two_threads(board, alice, bob, settings):
    settings.FORUM_POSTS_PER_MINUTE = 50
    first = thread_create(board=board, author=alice, title="First", language="en", body="a")
    second = thread_create(board=board, author=alice, title="Second", language="en", body="b")
    # Alice's own posts never notify her: start her marks after them.
    Subscription.objects.filter(user=alice).update(notified_until=timezone.now())
    return first, second


def test_it_sends_one_mail_per_subscriber_for_many_replies(two_threads, alice, bob):
    first, second = two_threads
    for body in ("r1", "r2"):
        post_create(thread=first, author=bob, body=body)
    post_create(thread=second, author=bob, body="r3")
    mail.outbox.clear()
    assert subscription_mail_tick() == 1  # jobs fanned out: only Alice has news
    to_alice = [m for m in mail.outbox if m.to == ["alice@example.com"]]
    assert len(to_alice) == 1
    assert "3 new replies" in to_alice[0].subject
    for text in ("First", "Second", "r1", "r2", "r3"):
        assert text in to_alice[0].body


def test_it_never_mails_the_same_replies_twice(two_threads, alice, bob):
    first, _second = two_threads
    post_create(thread=first, author=bob, body="only once")
    mail.outbox.clear()
    subscription_mail_tick()
    subscription_mail_tick()
    assert len([m for m in mail.outbox if m.to == ["alice@example.com"]]) == 1


def test_it_claims_with_a_conditional_update(two_threads, alice, bob):
    first, _second = two_threads
    post_create(thread=first, author=bob, body="race")
    until = timezone.now()
    mail.outbox.clear()
    # Two workers run the same job: the second finds the mark already moved.
    assert subscription_mail_send(user_id=alice.pk, until=until) == 1
    assert subscription_mail_send(user_id=alice.pk, until=until) == 0
    assert len(mail.outbox) == 1


def test_it_hands_claims_back_when_sending_fails(two_threads, alice, bob, monkeypatch):
    first, _second = two_threads
    post_create(thread=first, author=bob, body="retry me")
    before = Subscription.objects.get(user=alice, thread=first).notified_until

    def broken(self, *args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(OSError):
        subscription_mail_send(user_id=alice.pk, until=timezone.now())
    assert Subscription.objects.get(user=alice, thread=first).notified_until == before


def test_it_does_not_mail_your_own_replies(two_threads, alice):
    first, _second = two_threads
    post_create(thread=first, author=alice, body="talking to myself")
    mail.outbox.clear()
    subscription_mail_tick()
    assert not mail.outbox


def test_it_does_not_mail_waiting_or_hidden_replies(two_threads, alice, bob, settings):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 5
    first, _second = two_threads
    post_create(thread=first, author=bob, body="waiting")
    mail.outbox.clear()
    subscription_mail_tick()
    assert not mail.outbox


def test_it_mails_replies_approved_later(two_threads, alice, bob, admin_user, settings):
    from forum.discussions.services import post_approve

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 5
    first, _second = two_threads
    post = post_create(thread=first, author=bob, body="approved later")
    subscription_mail_tick()
    mail.outbox.clear()
    post_approve(post=post, by_user=admin_user, reason="fine")
    mail.outbox.clear()
    subscription_mail_tick()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_it_mails_in_the_subscribers_language(two_threads, alice, bob):
    first, _second = two_threads
    alice.language = "ja"
    alice.save()
    post_create(thread=first, author=bob, body="hello")
    mail.outbox.clear()
    subscription_mail_tick()
    assert "返信" in mail.outbox[0].subject


def test_it_gives_the_digest_subscribed_thread_updates(two_threads, alice, bob, regulator):
    first, second = two_threads
    since = timezone.now()
    post_create(thread=first, author=bob, body="one")
    latest = post_create(thread=first, author=regulator, body="two")
    post_create(thread=second, author=alice, body="mine does not count")
    until = timezone.now()
    updates = subscribed_thread_updates(alice, since, until)
    assert len(updates) == 1
    thread, count, post = updates[0]
    assert (thread, count, post) == (first, 2, latest)
    assert subscribed_thread_updates(alice, until, until + timedelta(hours=1)) == []


def test_it_ignores_threads_the_person_does_not_follow(two_threads, alice, bob, board):
    other = thread_create(board=board, author=bob, title="Bob's", language="en", body="x")
    since = timezone.now()
    post_create(thread=other, author=bob, body="reply")
    assert subscribed_thread_updates(alice, since, timezone.now()) == []
    subscription_create(thread=other, user=alice)
    post_create(thread=other, author=bob, body="reply 2")
    assert len(subscribed_thread_updates(alice, since, timezone.now())) == 1


def test_it_costs_two_queries_whatever_the_threads(
    two_threads, alice, bob, django_assert_num_queries
):
    first, second = two_threads
    since = timezone.now()
    for thread in (first, second):
        post_create(thread=thread, author=bob, body="x")
    with django_assert_num_queries(2):
        assert len(subscribed_thread_updates(alice, since, timezone.now())) == 2


def test_it_registers_the_scheduled_task_by_its_beat_name(settings):
    from forum.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "forum.discussions.tasks.subscription_mail_tick" in names
    task = app.tasks["forum.discussions.tasks.subscription_mail_tick"]
    assert task.acks_late is True
