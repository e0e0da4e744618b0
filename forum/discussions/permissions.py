"""Who may write what in the forum. Each check raises PermissionDenied with a clear reason.

Silenced people can read but not write; suspended people cannot even sign in, and a session
that outlived the suspension is refused here too (`check_signed_in`).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import (
    acts_as_staff,
    check_can_moderate,
    check_signed_in,
    has_mfa,
    is_signed_in,
)
from forum.discussions.models import Board, Post, Thread


def is_moderator(user: User | AnonymousUser | None) -> bool:
    """True for staff in a session that passed MFA: the people `check_can_moderate` lets through."""
    return bool(
        is_signed_in(user) and acts_as_staff(user) and not user.is_suspended and has_mfa(user)
    )


def check_can_read_board(user: User | AnonymousUser | None, board: Board) -> None:
    if not board.is_public and not is_signed_in(user):
        raise PermissionDenied(_("Sign in to read this board."))


def check_can_write(user: User | AnonymousUser | None) -> User:
    """Signed in, not suspended, not silenced: the base of every forum write. Returns the writer."""
    user = check_signed_in(user)
    until = user.silenced_until
    if user.is_silenced and until is not None:  # is_silenced implies a date
        raise PermissionDenied(
            _("You are silenced until %(until)s (UTC): you can read but not write.")
            % {"until": until.strftime("%Y-%m-%d %H:%M")}
        )
    return user


def check_can_start_thread(user: User | AnonymousUser | None, board: Board) -> None:
    check_can_write(user)
    check_can_read_board(user, board)


def check_can_reply(user: User | AnonymousUser | None, thread: Thread) -> None:
    check_can_write(user)
    check_can_read_board(user, thread.board)
    if thread.is_locked and not is_moderator(user):
        raise PermissionDenied(_("This thread is locked: no new replies."))
    if not thread.is_visible and not is_moderator(user):
        raise PermissionDenied(_("This thread is not open for replies yet."))


def check_can_edit_post(user: User | AnonymousUser | None, post: Post) -> None:
    """Authors edit their own visible or waiting posts; moderators use `post_moderator_edit`."""
    user = check_can_write(user)
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    if post.is_hidden:
        raise PermissionDenied(_("A hidden post cannot be edited."))
    if post.thread.is_locked:
        raise PermissionDenied(_("This thread is locked."))


def check_can_flag(user: User | AnonymousUser | None, post: Post) -> None:
    user = check_can_write(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))
    if not post.is_visible:
        raise PermissionDenied(_("Only visible posts can be flagged."))


def check_can_mark_solved(user: User | AnonymousUser | None, thread: Thread) -> None:
    user = check_can_write(user)
    if not thread.board.is_qa:
        raise PermissionDenied(_("Only threads on question-and-answer boards can be solved."))
    if thread.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can mark the answer."))


def check_can_subscribe(user: User | AnonymousUser | None, thread: Thread) -> None:
    check_signed_in(user)
    check_can_read_board(user, thread.board)


__all__ = [
    "check_can_edit_post",
    "check_can_flag",
    "check_can_mark_solved",
    "check_can_moderate",
    "check_can_read_board",
    "check_can_reply",
    "check_can_start_thread",
    "check_can_subscribe",
    "check_can_write",
    "is_moderator",
]
