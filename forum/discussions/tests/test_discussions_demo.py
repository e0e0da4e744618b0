"""Demo data: seven boards, threads in three languages, one flagged post; idempotent."""

from __future__ import annotations

import pytest

from forum.discussions import demo
from forum.discussions.models import Board, Flag, Post, Thread


@pytest.fixture
def demo_accounts(db):
    import io

    import accounts.demo

    accounts.demo.seed(stdout=io.StringIO())


def test_it_seeds_boards_threads_and_a_flagged_post(demo_accounts, client):
    demo.seed()
    assert Board.objects.count() == 7
    assert set(Thread.objects.values_list("language", flat=True)) == {"en", "ja", "hi"}
    assert Flag.objects.filter(status="open").count() == 1
    assert Post.objects.filter(open_flag_count=1).count() == 1
    assert not Post.objects.filter(author__isnull=True).exists()
    assert all(Thread.objects.values_list("is_sample", flat=True))
    funding = Thread.objects.get(board__slug="funding-qa")
    page = client.get(funding.get_absolute_url()).content.decode()
    assert "badge-verified" in page and "Sample data" in page


def test_it_adds_nothing_the_second_time(demo_accounts):
    demo.seed()
    counts = (
        Board.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
        Flag.objects.count(),
    )
    demo.seed()
    assert counts == (
        Board.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
        Flag.objects.count(),
    )


def test_it_lists_demo_content_in_the_api(demo_accounts, api_client):
    demo.seed()
    assert api_client.get("/api/v1/forum/boards/").json()["count"] == 7
    assert api_client.get("/api/v1/forum/threads/").json()["count"] == len(demo.THREADS)


@pytest.mark.django_db
def test_the_demo_spam_belongs_to_a_demo_spammer_not_a_member():
    from accounts.demo import seed as seed_accounts
    from forum.demo import seed as seed_site
    from forum.discussions.demo import FLAGGED, SPAMMER, seed
    from forum.discussions.models import Post

    seed_site()
    seed_accounts()
    seed()
    spam = Post.objects.select_related("author").get(body__contains=FLAGGED)
    assert spam.author.email == SPAMMER
    assert spam.organisation is None and not spam.author.has_usable_password()
