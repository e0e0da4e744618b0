"""Every moderation action: its effect, its audit entry, the author's email with the reason,
and the flags it resolves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditLog
from forum.discussions import services
from forum.discussions.models import Board, FlagStatus, ModerationNotice, PostRevision, PostStatus
from forum.discussions.services import flag_create

REASON = "Advertising is not allowed here"


def _audit(action: str) -> AuditLog:
    return AuditLog.objects.get(action=action)


def _assert_author_told(email: str, reason: str = REASON) -> None:
    sent = [m for m in mail.outbox if m.to == [email]]
    assert sent, [m.to for m in mail.outbox]
    assert reason in sent[-1].body


def test_it_hides_a_post_and_agrees_with_its_flags(
    bob_post, alice, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        flag = flag_create(post=bob_post, flagger=alice, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    bob_post.refresh_from_db()
    flag.refresh_from_db()
    assert bob_post.status == PostStatus.HIDDEN
    assert bob_post.status_reason == REASON
    assert flag.status == FlagStatus.AGREED
    assert flag.resolved_by == admin_user
    entry = _audit("forum.post.hide")
    assert (entry.actor, entry.reason, entry.target_id) == (admin_user, REASON, str(bob_post.pk))
    _assert_author_told("bob@example.com")
    assert ModerationNotice.objects.get(recipient__email="bob@example.com").sent_at is not None


def test_it_restores_a_post_and_disagrees_with_its_flags(
    bob_post, alice, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_FLAG_HIDE_THRESHOLD = 1
    with django_capture_on_commit_callbacks(execute=True):
        flag = flag_create(post=bob_post, flagger=alice, reason="spam")
    bob_post.refresh_from_db()
    assert bob_post.is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        services.post_restore(post=bob_post, by_user=admin_user, reason="Not spam: a real offer")
    bob_post.refresh_from_db()
    flag.refresh_from_db()
    assert bob_post.status == PostStatus.VISIBLE
    assert bob_post.open_flag_count == 0
    assert flag.status == FlagStatus.DISAGREED
    assert _audit("forum.post.restore").reason == "Not spam: a real offer"
    _assert_author_told("bob@example.com", "Not spam: a real offer")


def test_it_approves_a_waiting_post(
    thread, bob, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(thread=thread, author=bob, body="first words")
    assert post.is_pending
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post=post, by_user=admin_user, reason="Welcome to the forum")
    post.refresh_from_db()
    assert post.is_visible and post.published_at is not None
    assert _audit("forum.post.approve").reason == "Welcome to the forum"
    _assert_author_told("bob@example.com", "Welcome to the forum")


def test_it_edits_with_a_reason_and_keeps_the_earlier_text(
    bob_post, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_moderator_edit(
            post=bob_post, by_user=admin_user, body="A reply", reason="Removed a phone number"
        )
    bob_post.refresh_from_db()
    assert bob_post.body == "A reply" and bob_post.edited_at
    revision = PostRevision.objects.get(post=bob_post)
    assert (revision.body, revision.reason) == ("A reply from Osaka", "Removed a phone number")
    assert _audit("forum.post.edit").reason == "Removed a phone number"
    _assert_author_told("bob@example.com", "Removed a phone number")


@pytest.mark.parametrize(
    ("service", "field", "value"),
    [
        ("thread_lock", "is_locked", True),
        ("thread_pin", "is_pinned", True),
    ],
)
def test_it_locks_and_pins_threads(
    thread, admin_user, service, field, value, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, service)(thread=thread, by_user=admin_user, reason=REASON)
    thread.refresh_from_db()
    assert getattr(thread, field) is value
    assert _audit(f"forum.{service.replace('_', '.')}").reason == REASON
    _assert_author_told("alice@example.com")


def test_it_unlocks_and_unpins_threads(thread, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_lock(thread=thread, by_user=admin_user, reason="heated")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_pin(thread=thread, by_user=admin_user, reason="useful")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_unlock(thread=thread, by_user=admin_user, reason="calmer now")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_unpin(thread=thread, by_user=admin_user, reason="outdated")
    thread.refresh_from_db()
    assert not thread.is_locked and not thread.is_pinned
    assert _audit("forum.thread.unlock").reason == "calmer now"
    assert _audit("forum.thread.unpin").reason == "outdated"
    _assert_author_told("alice@example.com", "outdated")


def test_it_refuses_replies_to_locked_threads(thread, bob, admin_user):
    services.thread_lock(thread=thread, by_user=admin_user, reason=REASON)
    with pytest.raises(PermissionDenied):
        services.post_create(thread=thread, author=bob, body="late")


def test_it_moves_a_thread(thread, admin_user, django_capture_on_commit_callbacks):
    target = Board.objects.create(slug="logistics", name_en="Logistics")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_move(thread=thread, by_user=admin_user, board=target, reason="Wrong board")
    thread.refresh_from_db()
    assert thread.board == target
    entry = _audit("forum.thread.move")
    assert entry.data == {"from": Board.objects.get(slug="partnering").pk, "to": target.pk}
    _assert_author_told("alice@example.com", "Wrong board")


def test_it_silences_a_person(bob, admin_user, thread, django_capture_on_commit_callbacks):
    until = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_silence(user=bob, by_user=admin_user, until=until, reason=REASON)
    bob.refresh_from_db()
    assert bob.is_silenced
    assert _audit("forum.user.silence").reason == REASON
    _assert_author_told("bob@example.com")
    with pytest.raises(PermissionDenied):
        services.post_create(thread=thread, author=bob, body="still here")


def test_it_suspends_a_person_and_ends_their_sessions(
    client, bob, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    assert Session.objects.count() == 1
    until = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_suspend(user=bob, by_user=admin_user, until=until, reason=REASON)
    bob.refresh_from_db()
    assert bob.is_suspended
    assert Session.objects.count() == 0
    assert _audit("forum.user.suspend").data["sessions_ended"] == 1
    _assert_author_told("bob@example.com")


def test_it_blocks_a_person_and_hides_everything_they_posted(
    thread, bob, alice, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.post_create(thread=thread, author=bob, body="one")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.post_create(thread=thread, author=bob, body="two")
    with django_capture_on_commit_callbacks(execute=True):
        own = services.thread_create(
            board=thread.board, author=bob, title="Bob's own", language="ja", body="three"
        )
    with django_capture_on_commit_callbacks(execute=True):
        flag = flag_create(post=first, flagger=alice, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_block(user=bob, by_user=admin_user, reason=REASON)
    bob.refresh_from_db()
    assert bob.is_suspended
    assert bob.suspended_until > timezone.now() + timedelta(days=365 * 50)
    for post in (first, second, own.posts.get()):
        post.refresh_from_db()
        assert post.status == PostStatus.HIDDEN
    own.refresh_from_db()
    thread.refresh_from_db()
    assert not own.is_visible
    assert thread.post_count == 1
    flag.refresh_from_db()
    assert flag.status == FlagStatus.AGREED
    assert _audit("forum.user.block").data["posts_hidden"] == 3
    _assert_author_told("bob@example.com")


@pytest.mark.parametrize(
    "call",
    [
        lambda post, who: services.post_hide(post=post, by_user=who, reason="x"),
        lambda post, who: services.post_restore(post=post, by_user=who, reason="x"),
        lambda post, who: services.post_moderator_edit(
            post=post, by_user=who, body="y", reason="x"
        ),
        lambda post, who: services.thread_lock(thread=post.thread, by_user=who, reason="x"),
        lambda post, who: services.thread_pin(thread=post.thread, by_user=who, reason="x"),
        lambda post, who: services.user_silence(
            user=post.author, by_user=who, until=timezone.now() + timedelta(days=1), reason="x"
        ),
        lambda post, who: services.user_suspend(
            user=post.author, by_user=who, until=timezone.now() + timedelta(days=1), reason="x"
        ),
        lambda post, who: services.user_block(user=post.author, by_user=who, reason="x"),
    ],
    ids=["hide", "restore", "edit", "lock", "pin", "silence", "suspend", "block"],
)
@pytest.mark.parametrize("who", ["alice", "admin_without_mfa", "regulator"])
def test_it_refuses_moderation_by_non_moderators(request, bob_post, call, who):
    if who == "admin_without_mfa":
        from tests.factories import make_user

        person = make_user("nomfa@example.com", None, is_staff=True)
    else:
        person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        call(bob_post, person)
    assert not AuditLog.objects.filter(action__startswith="forum.").exists()


def test_it_requires_a_reason(bob_post, admin_user):
    with pytest.raises(ValidationError) as caught:
        services.post_hide(post=bob_post, by_user=admin_user, reason="  ")
    assert "reason" in caught.value.message_dict
    bob_post.refresh_from_db()
    assert bob_post.is_visible


def test_it_refuses_acting_on_yourself(admin_user):
    with pytest.raises(ValidationError):
        services.user_block(user=admin_user, by_user=admin_user, reason=REASON)


def test_it_refuses_a_silence_in_the_past(bob, admin_user):
    with pytest.raises(ValidationError):
        services.user_silence(
            user=bob, by_user=admin_user, until=timezone.now() - timedelta(days=1), reason="x"
        )


def test_it_hides_from_the_queue_page(mfa_login, client, bob_post, alice, admin_user):
    flag_create(post=bob_post, flagger=alice, reason="spam")
    mfa_login(client, admin_user)
    page = client.get("/forum/moderation/").content.decode()
    assert "A reply from Osaka" in page
    response = client.post(
        f"/forum/moderation/p/{bob_post.pk}/", {"action": "hide", "reason": REASON}
    )
    assert response.status_code == 302
    bob_post.refresh_from_db()
    assert bob_post.is_hidden
    assert "A reply from Osaka" not in client.get("/forum/moderation/").content.decode()


def test_it_shows_the_author_the_reason(client, bob_post, admin_user):
    services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    client.force_login(bob_post.author)
    assert REASON in client.get(bob_post.thread.get_absolute_url()).content.decode()
    assert REASON in client.get("/forum/notices/").content.decode()


def test_it_hides_hidden_posts_from_other_readers(client, bob_post, admin_user):
    services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    page = client.get(bob_post.thread.get_absolute_url()).content.decode()
    assert "A reply from Osaka" not in page


def test_it_refuses_the_queue_to_admins_without_mfa(client, db):
    from tests.factories import make_user

    client.force_login(make_user("nomfa@example.com", None, is_staff=True))
    assert client.get("/forum/moderation/").status_code == 403


def test_it_refuses_the_queue_to_members(client, alice):
    client.force_login(alice)
    assert client.get("/forum/moderation/").status_code == 403


def test_it_acts_on_threads_and_people_through_pages(mfa_login, client, thread, bob, admin_user):
    mfa_login(client, admin_user)
    client.post(f"/forum/moderation/t/{thread.pk}/", {"action": "lock", "reason": REASON})
    target = Board.objects.create(slug="logistics", name_en="Logistics")
    client.post(
        f"/forum/moderation/t/{thread.pk}/",
        {"action": "move", "board": target.pk, "reason": "Better fit"},
    )
    client.post(
        f"/forum/moderation/u/{bob.pk}/", {"action": "silence", "days": 2, "reason": REASON}
    )
    thread.refresh_from_db()
    bob.refresh_from_db()
    assert thread.is_locked and thread.board == target
    assert bob.is_silenced


def test_it_shows_earlier_versions_to_moderators(mfa_login, client, thread, alice, admin_user):
    services.post_edit(post=thread.posts.get(), by_user=alice, body="Second version")
    mfa_login(client, admin_user)
    page = client.get(f"/forum/moderation/p/{thread.posts.get().pk}/").content.decode()
    assert "Opening post" in page and "Second version" in page


def test_it_sends_each_notice_once(bob_post, admin_user, django_capture_on_commit_callbacks):
    from forum.discussions.services import moderation_notice_send

    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    notice = ModerationNotice.objects.get()
    sent = len(mail.outbox)
    assert moderation_notice_send(notice_id=notice.pk) is False
    assert len(mail.outbox) == sent


def test_it_writes_to_the_author_in_their_language(
    bob_post, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    message = [m for m in mail.outbox if m.to == ["bob@example.com"]][-1]
    assert message.subject == "あなたの投稿が非表示になりました"
    assert "モデレーターからの理由" in message.body and REASON in message.body


def test_it_links_the_notice_to_the_thread(
    bob_post, admin_user, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(post=bob_post, by_user=admin_user, reason=REASON)
    body = [m for m in mail.outbox if m.to == ["bob@example.com"]][-1].body
    assert f"{settings.SITE_URL.rstrip('/')}/forum/t/{bob_post.thread_id}/" in body


def test_it_does_not_redirect_off_site(mfa_login, client, bob_post, admin_user):
    mfa_login(client, admin_user)
    response = client.post(
        f"/forum/moderation/p/{bob_post.pk}/",
        {"action": "hide", "reason": REASON, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/forum/moderation/"


def test_it_reinstates_a_silenced_person(
    bob, admin_user, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_silence(
            user=bob, by_user=admin_user, until=timezone.now() + timedelta(days=3), reason=REASON
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.user_reinstate(user=bob, by_user=admin_user, reason="Apology accepted")
    bob.refresh_from_db()
    assert not bob.is_silenced and not bob.is_suspended
    assert _audit("forum.user.reinstate").reason == "Apology accepted"
    _assert_author_told("bob@example.com", "Apology accepted")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(thread=thread, author=bob, body="back again")


def test_it_refuses_reinstating_someone_in_good_standing(bob, admin_user):
    with pytest.raises(ValidationError):
        services.user_reinstate(user=bob, by_user=admin_user, reason="x")


def test_it_refuses_reinstating_by_members(bob, alice, admin_user):
    services.user_silence(
        user=bob, by_user=admin_user, until=timezone.now() + timedelta(days=3), reason=REASON
    )
    with pytest.raises(PermissionDenied):
        services.user_reinstate(user=bob, by_user=alice, reason="friend")
