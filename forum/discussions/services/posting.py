"""Members' writes: threads, replies, edits, flags, "solved".

Trust rules live here: a new member's first posts and new members' posts with links wait for
approval; each person may post at most FORUM_POSTS_PER_MINUTE times a minute (counted in the
database under a row lock on the person, so parallel requests cannot slip past).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.permissions import acts_as_staff
from accounts.services import audit_record
from forum.discussions import permissions
from forum.discussions.models import (
    Board,
    Flag,
    FlagReason,
    FlagStatus,
    Post,
    PostRevision,
    PostStatus,
    Subscription,
    Thread,
)
from forum.discussions.services.common import (
    BODY_MAX_CHARS,
    display_name,
    notice_create,
    post_render,
    search_vector_refresh,
    thread_refresh,
)

_LINK_RE = re.compile(r"(https?://|www\.|mailto:|<a\s)", re.IGNORECASE)


# System reasons are stored untranslated (gettext_noop) and translated when shown, so each
# reader -- the author, a moderator, the mail -- gets them in their own language.
REASON_FIRST_POSTS = gettext_noop(
    "A new member's first posts are checked by a moderator before they appear."
)
REASON_LINKS = gettext_noop("Posts with links from new members are checked by a moderator first.")
REASON_FLAGGED = gettext_noop(
    "Hidden after flags from several members, until a moderator reviews it."
)


class PostingRateLimited(ValidationError):
    """Too many posts in the last minute; the API answers 429, forms show the message."""


def _has_link(post: Post) -> bool:
    return bool(_LINK_RE.search(post.body) or _LINK_RE.search(post.body_html))


def _is_trusted(user: User) -> bool:
    """Admins and people of verified regulators/financiers skip the new-member queue."""
    if acts_as_staff(user):
        return True
    organisation = user.organisation
    return bool(organisation and organisation.needs_verification and organisation.is_verified)


def _approval_reason(user: User, post: Post) -> str:
    """Why this post must wait for a moderator, or '' when it can appear at once."""
    if _is_trusted(user):
        return ""
    approved = Post.objects.filter(author=user, published_at__isnull=False).count()
    if approved < settings.FORUM_NEW_USER_APPROVAL_POSTS:
        return REASON_FIRST_POSTS
    new_for = timedelta(days=settings.FORUM_NEW_USER_DAYS)
    if user.date_joined > timezone.now() - new_for and _has_link(post):
        return REASON_LINKS
    return ""


def _check_rate(user: User) -> None:
    """Lock the person's row, then count: serialises their parallel posts."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
    limit = settings.FORUM_POSTS_PER_MINUTE
    recent = Post.objects.filter(
        author=user, created_at__gte=timezone.now() - timedelta(minutes=1)
    ).count()
    if recent >= limit:
        raise PostingRateLimited(
            _("You can post %(limit)s times a minute. Please wait a moment.") % {"limit": limit}
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write something first.")]})
    if len(body) > BODY_MAX_CHARS:
        raise ValidationError({"body": [_("Keep a post under 20,000 characters.")]})
    return body


def _post_insert(*, thread: Thread, author: User, body: str, quoted_post: Post | None) -> Post:
    now = timezone.now()
    post = Post(
        thread=thread,
        author=author,
        organisation=author.organisation,
        body=body,
        quoted_post=quoted_post,
        created_at=now,
    )
    post_render(post)
    post.status_reason = _approval_reason(author, post)
    if post.status_reason:
        post.status = PostStatus.PENDING
    else:
        post.published_at = now
    post.save()
    search_vector_refresh(Post, post.pk)
    Subscription.objects.get_or_create(user=author, thread=thread)
    return post


@transaction.atomic
def thread_create(*, board: Board, author: User, title: str, language: str, body: str) -> Thread:
    """A thread and its opening post; both wait in the queue when the post must be approved."""
    permissions.check_can_start_thread(author, board)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the thread a title.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("Keep the title under 200 characters.")]})
    if language not in {"en", "ja", "hi"}:
        raise ValidationError({"language": [_("Choose English, Japanese or Hindi.")]})
    body = _clean_body(body)
    _check_rate(author)
    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        title=title,
        language=language,
        author=author,
        created_at=now,
        last_posted_at=now,
        search_text=title,
    )
    search_vector_refresh(Thread, thread.pk)
    _post_insert(thread=thread, author=author, body=body, quoted_post=None)
    return thread_refresh(thread)


def quote_markdown(post: Post) -> str:
    """The markdown a reply starts with when it quotes `post`."""
    lines = post.body.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"> **{display_name(post.author)}:**\n>\n{quoted}\n\n"


@transaction.atomic
def post_create(
    *, thread: Thread, author: User, body: str, quoted_post: Post | None = None
) -> Post:
    """A reply. Waits for approval when the trust rules say so; refused when rate-limited."""
    permissions.check_can_reply(author, thread)
    if quoted_post is not None and (
        quoted_post.thread_id != thread.pk or not quoted_post.is_visible
    ):
        raise ValidationError(
            {"quoted_post": [_("You can quote only visible posts of this thread.")]}
        )
    body = _clean_body(body)
    _check_rate(author)
    post = _post_insert(thread=thread, author=author, body=body, quoted_post=quoted_post)
    thread_refresh(thread)
    return post


@transaction.atomic
def post_edit(*, post: Post, by_user: User, body: str) -> Post:
    """The author's edit: the previous text is kept as a revision and the post shows "edited".

    A new member who adds a link sends the post back to the approval queue.
    """
    permissions.check_can_edit_post(by_user, post)
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=by_user)
    post.body = body
    post.edited_at = timezone.now()
    post_render(post)
    fields = ["body", "body_html", "search_text", "edited_at"]
    if post.is_visible:
        reason = _approval_reason(by_user, post)
        if reason:
            post.status, post.status_reason = PostStatus.PENDING, reason
            fields += ["status", "status_reason"]
    post.save(update_fields=fields)
    search_vector_refresh(Post, post.pk)
    thread_refresh(post.thread)
    return post


@transaction.atomic
def thread_mark_solved(*, thread: Thread, by_user: User, post: Post | None) -> Thread:
    """The asker marks the reply that answered them (or clears it with post=None)."""
    permissions.check_can_mark_solved(by_user, thread)
    if post is not None and (post.thread_id != thread.pk or not post.is_visible):
        raise ValidationError({"post": [_("Choose a visible reply of this thread.")]})
    thread.solved_post = post
    thread.save(update_fields=["solved_post"])
    return thread


@transaction.atomic
def flag_create(*, post: Post, flagger: User, reason: str, note: str = "") -> Flag:
    """One flag per person per post; K distinct flaggers hide the post until it is reviewed."""
    permissions.check_can_flag(flagger, post)
    if reason not in FlagReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    note = (note or "").strip()
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": [_("Say what is wrong with the post.")]})
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, flagger=flagger, reason=reason, note=note[:1000])
    except IntegrityError:
        raise ValidationError(
            {"post": [_("You have already flagged this post.")]}, code="duplicate"
        ) from None
    post.open_flag_count = post.flags.filter(status=FlagStatus.OPEN).count()
    fields = ["open_flag_count"]
    threshold = settings.FORUM_FLAG_HIDE_THRESHOLD
    if post.is_visible and post.open_flag_count >= threshold:
        post.status = PostStatus.HIDDEN
        post.hidden_by_flags = True
        post.status_reason = REASON_FLAGGED
        fields += ["status", "hidden_by_flags", "status_reason"]
        audit_record(
            actor=None,
            action="forum.post.auto_hide",
            target=post,
            reason=post.status_reason,
            data={"flags": post.open_flag_count},
        )
        notice_create(
            recipient=post.author,
            action="post.auto_hide",
            subject=post.thread.title,
            url=post.thread.get_absolute_url(),
            reason=post.status_reason,
        )
    post.save(update_fields=fields)
    thread_refresh(post.thread)
    return flag
