"""Forum content in bulk for the tests."""

from __future__ import annotations

from forum.discussions.models import Post, Thread
from forum.discussions.services.common import post_render, thread_refresh


def add_posts(thread: Thread, author, count: int) -> list[Post]:
    """Many visible posts at once, without the rate limit (for pagination and query counts).

    `author` may be a list: posts then go round-robin to its people."""
    from django.utils import timezone

    now = timezone.now()
    posts = []
    authors = author if isinstance(author, list) else [author]
    for n in range(count):
        writer = authors[n % len(authors)]
        post = Post(
            thread=thread,
            author=writer,
            organisation=writer.organisation,
            body=f"Post number {n} with **markdown**",
            published_at=now,
        )
        post_render(post)
        posts.append(post)
    Post.objects.bulk_create(posts)
    thread_refresh(thread)
    return posts
