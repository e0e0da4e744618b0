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
