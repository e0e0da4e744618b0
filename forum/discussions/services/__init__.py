"""Every write of the forum. Views, the API and tasks call these and nothing else.

Split by domain (posting, moderation, subscriptions) so no module grows past a screenful of
concerns; import from here.
"""

from __future__ import annotations

from forum.discussions.services.moderation import (
    post_approve,
    post_hide,
    post_moderator_edit,
    post_restore,
    thread_lock,
    thread_move,
    thread_pin,
    thread_unlock,
    thread_unpin,
    user_block,
    user_reinstate,
    user_silence,
    user_suspend,
)
from forum.discussions.services.posting import (
    PostingRateLimited,
    flag_create,
    post_create,
    post_edit,
    quote_markdown,
    thread_create,
    thread_mark_solved,
)
from forum.discussions.services.subscriptions import (
    moderation_notice_send,
    subscription_create,
    subscription_delete,
    subscription_mail_send,
    subscription_mark_read,
)

__all__ = [
    "PostingRateLimited",
    "flag_create",
    "moderation_notice_send",
    "post_approve",
    "post_create",
    "post_edit",
    "post_hide",
    "post_moderator_edit",
    "post_restore",
    "quote_markdown",
    "subscription_create",
    "subscription_delete",
    "subscription_mail_send",
    "subscription_mark_read",
    "thread_create",
    "thread_lock",
    "thread_mark_solved",
    "thread_move",
    "thread_pin",
    "thread_unlock",
    "thread_unpin",
    "user_block",
    "user_reinstate",
    "user_silence",
    "user_suspend",
]
