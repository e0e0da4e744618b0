"""Moderators' actions. Each one requires a reason, is audited, resolves the open flags it
answers (agreed / disagreed) and tells the author why, by email and on their notices page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications.services import notification_create
from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from forum.discussions.models import (
    Board,
    Flag,
    FlagStatus,
    Post,
    PostRevision,
    PostStatus,
    Thread,
)
from forum.discussions.services.common import (
    notice_create,
    post_render,
    search_vector_refresh,
    thread_refresh,
)

# moderation action on a post -> the notification kind its author receives
_POST_NOTIFICATION_KINDS = {
    "post.hide": "post_hidden",
    "post.restore": "post_restored",
    "post.approve": "post_approved",
    "post.edit": "post_edited",
}


def _notify_author(post: Post, action: str, reason: str) -> None:
    """The author's bell (and email or digest, as they chose) next to the moderation notice."""
    if post.author is None or post.author_id is None:
        return
    notification_create(
        recipient=post.author,
        kind=_POST_NOTIFICATION_KINDS[action],
        params={"thread": post.thread.title, "reason": reason},
        url=post.thread.get_absolute_url(),
    )


# "Block" is a suspension that does not run out in anyone's working life.
BLOCK_YEARS = 100


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the author will read it.")]})
    return reason


def _flags_resolve(*, posts: Q | Post, by_user: User, agreed: bool) -> int:
    where = Q(post=posts) if isinstance(posts, Post) else posts
    return Flag.objects.filter(where, status=FlagStatus.OPEN).update(
        status=FlagStatus.AGREED if agreed else FlagStatus.DISAGREED,
        resolved_at=timezone.now(),
        resolved_by=by_user,
    )


# action -> (status the post ends in, whether its open flags are agreed with)
_POST_OUTCOMES = {
    "post.hide": (PostStatus.HIDDEN, True),
    "post.restore": (PostStatus.VISIBLE, False),
    "post.approve": (PostStatus.VISIBLE, False),
}


def _post_set_status(*, post: Post, by_user: User, reason: str, action: str) -> Post:
    check_can_moderate(by_user)
    reason = _reason(reason)
    status, agreed = _POST_OUTCOMES[action]
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    resolved = _flags_resolve(posts=post, by_user=by_user, agreed=agreed)
    post.status = status
    post.status_reason = reason if status == PostStatus.HIDDEN else ""
    post.hidden_by_flags = False
    post.open_flag_count = 0
    if status == PostStatus.VISIBLE and post.published_at is None:
        post.published_at = timezone.now()
    post.save(
        update_fields=[
            "status",
            "status_reason",
            "hidden_by_flags",
            "open_flag_count",
            "published_at",
        ]
    )
    thread_refresh(post.thread)
    audit_record(
        actor=by_user,
        action=f"forum.{action}",
        target=post,
        reason=reason,
        data={"thread": post.thread_id, "flags_resolved": resolved},
    )
    notice_create(
        recipient=post.author,
        action=action,
        subject=post.thread.title,
        url=post.thread.get_absolute_url(),
        reason=reason,
    )
    _notify_author(post, action, reason)
    return post


@transaction.atomic
def post_hide(*, post: Post, by_user: User, reason: str) -> Post:
    """Hide a post (or reject a waiting one); its open flags are agreed with."""
    return _post_set_status(post=post, by_user=by_user, reason=reason, action="post.hide")


@transaction.atomic
def post_restore(*, post: Post, by_user: User, reason: str) -> Post:
    """Show a hidden or flagged post again; its open flags are disagreed with."""
    return _post_set_status(post=post, by_user=by_user, reason=reason, action="post.restore")


@transaction.atomic
def post_approve(*, post: Post, by_user: User, reason: str) -> Post:
    """Let a new member's waiting post appear."""
    if not post.is_pending:
        raise ValidationError({"post": [_("This post is not waiting for approval.")]})
    return _post_set_status(post=post, by_user=by_user, reason=reason, action="post.approve")


@transaction.atomic
def post_moderator_edit(*, post: Post, by_user: User, body: str, reason: str) -> Post:
    """A moderator's edit: the earlier text stays as a revision, the author learns why."""
    check_can_moderate(by_user)
    reason = _reason(reason)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write something first.")]})
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    PostRevision.objects.create(post=post, body=post.body, edited_by=by_user, reason=reason)
    post.body = body
    post.edited_at = timezone.now()
    post_render(post)
    post.save(update_fields=["body", "body_html", "search_text", "edited_at"])
    search_vector_refresh(Post, post.pk)
    audit_record(actor=by_user, action="forum.post.edit", target=post, reason=reason)
    notice_create(
        recipient=post.author,
        action="post.edit",
        subject=post.thread.title,
        url=post.thread.get_absolute_url(),
        reason=reason,
    )
    _notify_author(post, "post.edit", reason)
    return post


def _thread_change(
    *, thread: Thread, by_user: User, reason: str, action: str, data: dict | None = None, **fields
) -> Thread:
    check_can_moderate(by_user)
    reason = _reason(reason)
    for name, value in fields.items():
        setattr(thread, name, value)
    thread.save(update_fields=list(fields))
    audit_record(
        actor=by_user, action=f"forum.{action}", target=thread, reason=reason, data=data or {}
    )
    notice_create(
        recipient=thread.author,
        action=action,
        subject=thread.title,
        url=thread.get_absolute_url(),
        reason=reason,
    )
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, by_user: User, reason: str) -> Thread:
    return _thread_change(
        thread=thread, by_user=by_user, reason=reason, action="thread.lock", is_locked=True
    )


@transaction.atomic
def thread_unlock(*, thread: Thread, by_user: User, reason: str) -> Thread:
    return _thread_change(
        thread=thread, by_user=by_user, reason=reason, action="thread.unlock", is_locked=False
    )


@transaction.atomic
def thread_pin(*, thread: Thread, by_user: User, reason: str) -> Thread:
    return _thread_change(
        thread=thread, by_user=by_user, reason=reason, action="thread.pin", is_pinned=True
    )


@transaction.atomic
def thread_unpin(*, thread: Thread, by_user: User, reason: str) -> Thread:
    return _thread_change(
        thread=thread, by_user=by_user, reason=reason, action="thread.unpin", is_pinned=False
    )


@transaction.atomic
def thread_move(*, thread: Thread, by_user: User, board: Board, reason: str) -> Thread:
    if board.pk == thread.board_id:
        raise ValidationError({"board": [_("The thread is already on that board.")]})
    return _thread_change(
        thread=thread,
        by_user=by_user,
        reason=reason,
        action="thread.move",
        data={"from": thread.board_id, "to": board.pk},
        board=board,
    )


def _check_target(by_user: User, user: User) -> None:
    check_can_moderate(by_user)
    if user.pk == by_user.pk:
        raise ValidationError({"user": [_("You cannot act on your own account.")]})


def _until(until: datetime) -> datetime:
    if until is None or until <= timezone.now():
        raise ValidationError({"until": [_("Choose a time in the future.")]})
    return until


def _person_notice(user: User, action: str, reason: str) -> None:
    from django.urls import reverse

    notice_create(
        recipient=user,
        action=action,
        subject=_("Your account"),
        url=reverse("discussions:notices"),
        reason=reason,
    )


def sessions_end(user: User) -> int:
    """Sign the person out everywhere: delete their database sessions (and DRF token).

    API keys stay, but every forum write re-checks the suspension (`check_signed_in`)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    from django.apps import apps

    if apps.is_installed("rest_framework.authtoken"):
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    return ended


@transaction.atomic
def user_silence(*, user: User, by_user: User, until: datetime, reason: str) -> User:
    """The person can read but not write until `until`."""
    _check_target(by_user, user)
    reason = _reason(reason)
    user.silenced_until = _until(until)
    user.moderation_reason = reason
    user.save(update_fields=["silenced_until", "moderation_reason"])
    audit_record(
        actor=by_user,
        action="forum.user.silence",
        target=user,
        reason=reason,
        data={"until": user.silenced_until.isoformat()},
    )
    _person_notice(user, "user.silence", reason)
    return user


@transaction.atomic
def user_suspend(*, user: User, by_user: User, until: datetime, reason: str) -> User:
    """The person cannot sign in until `until`; their open sessions end now."""
    _check_target(by_user, user)
    reason = _reason(reason)
    user.suspended_until = _until(until)
    user.moderation_reason = reason
    user.save(update_fields=["suspended_until", "moderation_reason"])
    ended = sessions_end(user)
    audit_record(
        actor=by_user,
        action="forum.user.suspend",
        target=user,
        reason=reason,
        data={"until": user.suspended_until.isoformat(), "sessions_ended": ended},
    )
    _person_notice(user, "user.suspend", reason)
    return user


@transaction.atomic
def user_block(*, user: User, by_user: User, reason: str) -> User:
    """Suspend for good and hide everything they posted, in one step; their flags are agreed."""
    _check_target(by_user, user)
    reason = _reason(reason)
    user.suspended_until = timezone.now() + timedelta(days=365 * BLOCK_YEARS)
    user.moderation_reason = reason
    user.save(update_fields=["suspended_until", "moderation_reason"])
    ended = sessions_end(user)
    posts = Post.objects.filter(author=user).exclude(status=PostStatus.HIDDEN)
    thread_ids = set(posts.values_list("thread_id", flat=True))
    _flags_resolve(posts=Q(post__author=user), by_user=by_user, agreed=True)
    hidden = posts.update(
        status=PostStatus.HIDDEN, status_reason=reason, hidden_by_flags=False, open_flag_count=0
    )
    for thread in Thread.objects.filter(pk__in=thread_ids):
        thread_refresh(thread)
    audit_record(
        actor=by_user,
        action="forum.user.block",
        target=user,
        reason=reason,
        data={"posts_hidden": hidden, "sessions_ended": ended},
    )
    _person_notice(user, "user.block", reason)
    return user


@transaction.atomic
def user_reinstate(*, user: User, by_user: User, reason: str) -> User:
    """Lift a silence, suspension or block early; the person's hidden posts stay hidden."""
    _check_target(by_user, user)
    reason = _reason(reason)
    if not (user.is_silenced or user.is_suspended):
        raise ValidationError({"user": [_("This person is neither silenced nor suspended.")]})
    user.silenced_until = None
    user.suspended_until = None
    user.moderation_reason = ""
    user.save(update_fields=["silenced_until", "suspended_until", "moderation_reason"])
    audit_record(actor=by_user, action="forum.user.reinstate", target=user, reason=reason)
    _person_notice(user, "user.reinstate", reason)
    return user
