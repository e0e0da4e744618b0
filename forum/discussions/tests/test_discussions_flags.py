"""Flags: once per person per post, with a reason; K distinct flaggers hide the post."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditLog
from forum.discussions import selectors
from forum.discussions.models import Flag, PostStatus
from forum.discussions.services import flag_create
from tests.factories import make_org, make_user


def _members(n: int):
    org = make_org(name_en="Flaggers", country="IN", region="IN-KA")
    return [make_user(f"flagger{i}@example.com", org, role="member") for i in range(n)]


def test_it_records_a_flag_with_a_reason(bob_post, alice):
    flag = flag_create(post=bob_post, flagger=alice, reason="spam")
    assert flag.reason == "spam"
    bob_post.refresh_from_db()
    assert bob_post.open_flag_count == 1
    assert bob_post.status == PostStatus.VISIBLE


def test_it_refuses_a_second_flag_by_the_same_person(bob_post, alice):
    flag_create(post=bob_post, flagger=alice, reason="spam")
    with pytest.raises(ValidationError):
        flag_create(post=bob_post, flagger=alice, reason="abusive")
    assert Flag.objects.count() == 1


def test_it_needs_a_note_for_other(bob_post, alice):
    with pytest.raises(ValidationError) as caught:
        flag_create(post=bob_post, flagger=alice, reason="other")
    assert "note" in caught.value.message_dict


def test_it_refuses_unknown_reasons(bob_post, alice):
    with pytest.raises(ValidationError):
        flag_create(post=bob_post, flagger=alice, reason="boring")


def test_it_refuses_flagging_your_own_post(bob_post, bob):
    with pytest.raises(PermissionDenied):
        flag_create(post=bob_post, flagger=bob, reason="spam")


def test_it_refuses_anonymous_flags(client, bob_post):
    response = client.post(f"/forum/p/{bob_post.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Flag.objects.count() == 0


def test_it_hides_a_post_flagged_by_k_people(
    bob_post, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_FLAG_HIDE_THRESHOLD = 3
    flaggers = _members(3)
    with django_capture_on_commit_callbacks(execute=True):
        flag_create(post=bob_post, flagger=flaggers[0], reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        flag_create(post=bob_post, flagger=flaggers[1], reason="abusive")
    bob_post.refresh_from_db()
    assert bob_post.status == PostStatus.VISIBLE
    with django_capture_on_commit_callbacks(execute=True):
        flag_create(post=bob_post, flagger=flaggers[2], reason="other", note="scam link")
    bob_post.refresh_from_db()
    assert bob_post.status == PostStatus.HIDDEN
    assert bob_post.hidden_by_flags
    assert AuditLog.objects.filter(action="forum.post.auto_hide").count() == 1
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    # Bob reads Japanese: the stored system reason reaches him translated.
    assert "複数のメンバーから通報された" in mail.outbox[0].body
    assert bob_post in selectors.moderation_queue()


def test_it_follows_the_threshold_setting(bob_post, alice, settings):
    settings.FORUM_FLAG_HIDE_THRESHOLD = 1
    flag_create(post=bob_post, flagger=alice, reason="spam")
    bob_post.refresh_from_db()
    assert bob_post.status == PostStatus.HIDDEN


def test_it_flags_through_the_page(client, bob_post, alice):
    client.force_login(alice)
    client.post(f"/forum/p/{bob_post.pk}/flag/", {"reason": "off_topic", "note": "wrong board"})
    flag = Flag.objects.get()
    assert (flag.flagger, flag.reason, flag.note) == (alice, "off_topic", "wrong board")
    page = client.get(bob_post.thread.get_absolute_url()).content.decode()
    assert "You flagged this post." in page


def test_it_orders_the_queue_by_flags_then_age(thread, alice, bob, settings):
    from forum.discussions.services import post_create

    settings.FORUM_FLAG_HIDE_THRESHOLD = 10
    older = post_create(thread=thread, author=bob, body="older")
    newer = post_create(thread=thread, author=bob, body="newer")
    most = post_create(thread=thread, author=bob, body="most flagged")
    flaggers = _members(2)
    flag_create(post=older, flagger=flaggers[0], reason="spam")
    flag_create(post=newer, flagger=flaggers[0], reason="spam")
    flag_create(post=most, flagger=flaggers[0], reason="spam")
    flag_create(post=most, flagger=flaggers[1], reason="spam")
    assert list(selectors.moderation_queue()) == [most, older, newer]
