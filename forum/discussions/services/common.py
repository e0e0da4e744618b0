"""Helpers the posting and moderation services share: counters, search columns, notices."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db.models import Count, Max, Q

from accounts.models import User
from forum.discussions.models import ModerationNotice, Post, PostStatus, Thread
from forum.markdown import render_markdown
from forum.outbox import send_after_commit
from forum.search import document_text

# The longest post (the forms, the API's serializers and the posting service agree).
BODY_MAX_CHARS = 20_000


def post_render(post: Post) -> None:
    """Body HTML and search text always derive from the markdown source, via nh3 only."""
    post.body_html = render_markdown(post.body)
    post.search_text = document_text(post.body)


def search_vector_refresh(model: type[Thread] | type[Post], pk: int) -> None:
    model.objects.filter(pk=pk).update(search_vector=SearchVector("search_text", config="simple"))


def thread_refresh(thread: Thread) -> Thread:
    """Recount visible posts; a thread is listed only while its opening post is visible."""
    first = thread.posts.order_by("created_at", "id").values_list("status", flat=True).first()
    stats = thread.posts.aggregate(
        visible=Count("id", filter=Q(status=PostStatus.VISIBLE)),
        last=Max("published_at", filter=Q(status=PostStatus.VISIBLE)),
    )
    thread.is_visible = first == PostStatus.VISIBLE
    thread.post_count = stats["visible"]
    thread.last_posted_at = stats["last"] or thread.created_at
    Thread.objects.filter(pk=thread.pk).update(
        is_visible=thread.is_visible,
        post_count=thread.post_count,
        last_posted_at=thread.last_posted_at,
    )
    return thread


def notice_create(
    *, recipient: User | None, action: str, subject: str, url: str, reason: str
) -> ModerationNotice | None:
    """Record what happened and why, and mail it to the author once the transaction commits."""
    if recipient is None:
        return None
    notice = ModerationNotice.objects.create(
        recipient=recipient, action=action, subject=subject[:300], url=url, reason=reason
    )
    # A function-local import: forum.discussions.tasks imports these services (services ↔ tasks cycle).
    from forum.discussions.tasks import moderation_notice_send_task

    send_after_commit(moderation_notice_send_task, notice.pk)
    return notice


def display_name(user: User | None) -> str:
    """A public name: never the email address; "deleted member" once the account is gone."""
    from django.utils.translation import gettext as _

    if user is None:
        return _("deleted member")
    return user.full_name or _("member %(number)s") % {"number": user.pk}
