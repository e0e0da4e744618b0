"""Every read of the forum, with its joins right so list pages cost a fixed number of queries.

`subscribed_thread_updates` is a contract with the digest app (digests).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from accounts.permissions import is_signed_in
from forum.discussions import flagtargets
from forum.discussions.models import (
    Board,
    Flag,
    FlagStatus,
    ModerationNotice,
    Post,
    PostRevision,
    PostStatus,
    Subscription,
    Thread,
)
from forum.search import search_filter


def board_list(user: User | AnonymousUser | None) -> QuerySet[Board]:
    # Meta.ordering is dropped in GROUP BY queries, so order explicitly.
    boards = Board.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__is_visible=True))
    ).order_by("position", "name_en")
    return boards if is_signed_in(user) else boards.filter(is_public=True)


def board_get(user: User | AnonymousUser | None, slug: str) -> Board:
    board = board_list(user).filter(slug=slug).first()
    if board is None:
        raise Http404("No such board")
    return board


def thread_list(
    user: User | AnonymousUser | None,
    *,
    board: Board | None = None,
    language: str = "",
    query: str = "",
) -> QuerySet[Thread]:
    """Listed threads (opening post visible) on boards the reader may see, newest activity first.

    `query` matches thread titles and the text of visible posts, as words or substrings.
    """
    threads = Thread.objects.filter(is_visible=True).select_related("board", "author")
    if not is_signed_in(user):
        threads = threads.filter(board__is_public=True)
    if board is not None:
        threads = threads.filter(board=board)
    if language:
        threads = threads.filter(language=language)
    if (query or "").strip():
        matching_posts = Post.objects.filter(search_filter(query), status=PostStatus.VISIBLE)
        threads = threads.filter(
            search_filter(query) | Q(pk__in=matching_posts.values("thread_id"))
        )
    return threads.order_by("-is_pinned", "-last_posted_at", "-id")


def thread_get(user: User | AnonymousUser | None, pk: int, *, moderator: bool = False) -> Thread:
    """A thread the reader may open: listed ones, or their own waiting one, or any for moderators."""
    thread = (
        Thread.objects.select_related("board", "author", "solved_post", "solved_post__author")
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        raise Http404("No such thread")
    if not thread.board.is_public and not is_signed_in(user):
        raise Http404("No such thread")
    own = is_signed_in(user) and thread.author_id == user.pk
    if not thread.is_visible and not moderator and not own:
        raise Http404("No such thread")
    return thread


def post_list(
    user: User | AnonymousUser | None, *, thread: Thread | None = None, moderator: bool = False
) -> QuerySet[Post]:
    """Posts the reader may see: visible ones, their own waiting or hidden ones (with the
    reason), and everything for moderators. Annotated with whether the reader flagged each."""
    posts = Post.objects.select_related("author", "organisation", "thread")
    if thread is not None:
        posts = posts.filter(thread=thread)
    else:
        # Moderators reach posts of hidden threads too: a new member's thread stays hidden
        # until its first post is approved, from the queue, through this very list.
        if not moderator:
            posts = posts.filter(thread__is_visible=True)
        if not is_signed_in(user):
            posts = posts.filter(thread__board__is_public=True)
    if not moderator:
        mine = Q(author=user) if is_signed_in(user) else Q(pk__in=[])
        posts = posts.filter(Q(status=PostStatus.VISIBLE) | mine)
    if is_signed_in(user):
        posts = posts.annotate(
            flagged_by_me=Exists(Flag.objects.filter(post=OuterRef("pk"), flagger=user))
        )
    return posts.order_by("created_at", "id")


def post_get(user: User | AnonymousUser | None, pk: int, *, moderator: bool = False) -> Post:
    post = post_list(user, moderator=moderator).filter(pk=pk).first()
    if post is None:
        raise Http404("No such post")
    return post


def subscription_of(user: User | AnonymousUser | None, thread: Thread) -> Subscription | None:
    """The reader's subscription to `thread` (their follow and read state), if any."""
    if not is_signed_in(user):
        return None
    return Subscription.objects.filter(user=user, thread=thread).first()


def _unread_posts(user: User) -> QuerySet[Post]:
    """Visible posts by others in the outer subscription's thread, published after its read
    state: what "new posts" means on the followed-threads page and the home page."""
    return Post.objects.filter(
        thread=OuterRef("thread_id"),
        status=PostStatus.VISIBLE,
        published_at__gt=OuterRef("read_until"),
    ).exclude(author=user)


def followed_threads(user: User, *, unread_only: bool = False) -> QuerySet[Subscription]:
    """The listed threads `user` follows, newest activity first, each subscription annotated
    with `new_posts` (posts by others since they last read it). One query per page."""
    unread = _unread_posts(user)
    count = unread.order_by().values("thread_id").annotate(n=Count("pk")).values("n")[:1]
    followed = (
        Subscription.objects.filter(user=user, thread__is_visible=True)
        .select_related("thread", "thread__board")
        .annotate(new_posts=Coalesce(Subquery(count, output_field=IntegerField()), 0))
    )
    if unread_only:
        followed = followed.filter(Exists(unread))
    return followed.order_by("-thread__last_posted_at", "-thread_id")


def first_unread_post(
    user: User, thread: Thread, subscription: Subscription, *, moderator: bool = False
) -> tuple[Post, int] | None:
    """The first post of the followed thread that `user` has not read yet, with the number of
    the page it is on (the thread page's own list and pagination), or None when none is."""
    posts = post_list(user, thread=thread, moderator=moderator)
    first = (
        posts.filter(status=PostStatus.VISIBLE, published_at__gt=subscription.read_until)
        .exclude(author=user)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    before = posts.filter(
        Q(created_at__lt=first.created_at) | Q(created_at=first.created_at, id__lt=first.pk)
    ).count()
    return first, before // settings.FORUM_POSTS_PER_PAGE + 1


def moderation_queue() -> QuerySet[Post]:
    """Posts with open flags or waiting for approval: most-flagged first, then oldest first."""
    open_flags = Flag.objects.filter(status=FlagStatus.OPEN).select_related("flagger")
    return (
        Post.objects.filter(Q(status=PostStatus.PENDING) | Q(open_flag_count__gt=0))
        .select_related("thread", "thread__board", "author", "organisation")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "created_at", "id")
    )


class FlaggedItem(NamedTuple):
    """Another app's flagged object in the queue, with its open flags."""

    registration: flagtargets.FlagTarget
    target: Any
    flags: list[Flag]

    @property
    def key(self) -> str:
        return self.registration.key


def flagged_queue() -> list[FlaggedItem]:
    """Registered apps' flagged items, model by model (as registered), most flags first, then
    oldest: one query for the open flags and one per registered model that has some."""
    flags = (
        Flag.objects.filter(status=FlagStatus.OPEN, target_type__isnull=False)
        .select_related("flagger", "target_type")
        .order_by("created_at", "id")
    )
    grouped: dict[tuple[str, int], list[Flag]] = defaultdict(list)
    for flag in flags:
        # The query keeps flags with a target; the check constraint gives them its id too.
        kind, pk = cast(ContentType, flag.target_type), cast(int, flag.target_id)
        grouped[(f"{kind.app_label}.{kind.model}", pk)].append(flag)
    items = []
    for registration in flagtargets.registered():
        ids = [pk for key, pk in grouped if key == registration.key]
        if not ids:
            continue
        objects = registration.queryset().in_bulk(ids)
        found = [
            FlaggedItem(registration, objects[pk], grouped[(registration.key, pk)])
            for pk in ids
            if pk in objects
        ]
        items += sorted(found, key=lambda item: (-len(item.flags), item.flags[0].created_at))
    return items


def flagged_target(key: str, pk: int) -> Any:
    """A registered app's object by its model key and id, for a moderator's decision."""
    registration = flagtargets.for_key(key)
    target = registration.queryset().filter(pk=pk).first() if registration else None
    if target is None:
        raise Http404("No such item")
    return target


def post_revisions(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("edited_by")


def notices_for(user: User) -> QuerySet[ModerationNotice]:
    return ModerationNotice.objects.filter(recipient=user)


def flags_of(user: User) -> QuerySet[Flag]:
    """The person's flags of posts (those of other apps' content are listed by those apps)."""
    return Flag.objects.filter(flagger=user, post__isnull=False).select_related(
        "post", "post__thread"
    )


class ThreadUpdate(NamedTuple):
    thread: Thread
    new_posts: int
    latest_post: Post


def _published_at(post: Post) -> datetime:
    """When a post of `_new_posts` went out: those are filtered on it, so it is never None."""
    return cast(datetime, post.published_at)


def _new_posts(user: User, since_field: F | datetime, until: datetime) -> QuerySet[Post]:
    return Post.objects.filter(
        status=PostStatus.VISIBLE,
        published_at__gt=since_field,
        published_at__lte=until,
        thread__is_visible=True,
    ).exclude(author=user)


def subscribed_thread_updates(user: User, since: datetime, until: datetime) -> list[ThreadUpdate]:
    """(thread, new visible posts count, latest post) for each subscribed thread with replies by
    others published in (since, until]. Two queries whatever the number of threads."""
    new = _new_posts(user, since, until).filter(thread__subscriptions__user=user)
    counts: dict[int, int] = {}
    latest_id: dict[int, int] = {}
    for thread_id, post_id in new.order_by("published_at", "id").values_list("thread_id", "id"):
        counts[thread_id] = counts.get(thread_id, 0) + 1
        latest_id[thread_id] = post_id
    if not counts:
        return []
    latest = Post.objects.select_related(
        "author", "organisation", "thread", "thread__board"
    ).in_bulk(latest_id.values())
    updates = [
        ThreadUpdate(latest[post_id].thread, counts[thread_id], latest[post_id])
        for thread_id, post_id in latest_id.items()
    ]
    return sorted(updates, key=lambda update: _published_at(update.latest_post), reverse=True)


def subscribers_with_new_posts(until: datetime) -> QuerySet:
    """Ids of people with replies by others newer than their subscription's high-water mark."""
    newer = Post.objects.filter(
        thread=OuterRef("thread"),
        thread__is_visible=True,
        status=PostStatus.VISIBLE,
        published_at__gt=OuterRef("notified_until"),
        published_at__lte=until,
    ).exclude(author=OuterRef("user"))
    return (
        Subscription.objects.filter(Exists(newer), user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


MAIL_POSTS_PER_THREAD = 20


def subscription_new_posts(user: User, until: datetime) -> list[tuple[Subscription, list[Post]]]:
    """For one subscriber: each subscription with the replies past its high-water mark."""
    subscriptions = list(Subscription.objects.filter(user=user).select_related("thread"))
    if not subscriptions:
        return []
    since = min(subscription.notified_until for subscription in subscriptions)
    posts = (
        _new_posts(user, since, until)
        .filter(thread_id__in=[subscription.thread_id for subscription in subscriptions])
        .select_related("author", "organisation")
        .order_by("published_at", "id")
    )
    by_thread: dict[int, list[Post]] = {}
    for post in posts:
        by_thread.setdefault(post.thread_id, []).append(post)
    result = []
    for subscription in subscriptions:
        fresh = [
            post
            for post in by_thread.get(subscription.thread_id, [])
            if _published_at(post) > subscription.notified_until
        ]
        if fresh:
            result.append((subscription, fresh[-MAIL_POSTS_PER_THREAD:]))
    return result
