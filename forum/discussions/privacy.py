"""What the forum holds about a person (export) and what account deletion does to it (erase).

Posts stay, so conversations keep making sense, but lose their author: they read
"deleted member". Flags lose their flagger; subscriptions and notices go.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from forum.discussions.models import (
    Flag,
    ModerationNotice,
    Post,
    PostRevision,
    Subscription,
    Thread,
)


def forum_export(user: User) -> dict[str, Any]:
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at")
    flags = Flag.objects.filter(flagger=user).select_related("target_type").order_by("created_at")
    subscriptions = Subscription.objects.filter(user=user).select_related("thread")
    return {
        "posts": [
            {
                "id": post.pk,
                "thread": post.thread.title,
                "thread_id": post.thread_id,
                "body": post.body,
                "status": post.status,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            }
            for post in posts
        ],
        "flags": [
            {
                "post_id": flag.post_id,
                # Another app's content (a partner message): "partnerships.message:42".
                "target": f"{flag.target_type.app_label}.{flag.target_type.model}:{flag.target_id}"
                if flag.target_type
                else None,
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "created_at": flag.created_at.isoformat(),
            }
            for flag in flags
        ],
        "subscriptions": [
            {
                "thread_id": sub.thread_id,
                "thread": sub.thread.title,
                "followed_at": sub.created_at.isoformat(),
                "read_until": sub.read_until.isoformat(),
            }
            for sub in subscriptions
        ],
        "threads": [
            {
                "id": thread.pk,
                "title": thread.title,
                "board_id": thread.board_id,
                "created_at": thread.created_at.isoformat(),
            }
            for thread in Thread.objects.filter(author=user).order_by("pk")
        ],
        "post_revisions": [
            {
                "post_id": revision.post_id,
                "body": revision.body,
                "created_at": revision.created_at.isoformat(),
            }
            for revision in PostRevision.objects.filter(edited_by=user).order_by("pk")
        ],
        "moderation_notices_received": [
            {
                "action": notice.action,
                "subject": notice.subject,
                "reason": notice.reason,
                "created_at": notice.created_at.isoformat(),
            }
            for notice in ModerationNotice.objects.filter(recipient=user).order_by("pk")
        ],
    }


def forum_erase(user: User) -> None:
    """Runs inside the deletion transaction, before the person's row is deleted."""
    Post.objects.filter(author=user).update(author=None, organisation=None)
    Thread.objects.filter(author=user).update(author=None)
    PostRevision.objects.filter(edited_by=user).update(edited_by=None)
    Flag.objects.filter(flagger=user).update(flagger=None)
    Flag.objects.filter(resolved_by=user).update(resolved_by=None)
    Subscription.objects.filter(user=user).delete()
    ModerationNotice.objects.filter(recipient=user).delete()
