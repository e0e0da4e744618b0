"""Forum fixtures. Trust rules are switched off by default so each test states the rule it
exercises (tests of the rules turn them back on)."""

from __future__ import annotations

import pytest

from forum.discussions.models import Board
from forum.discussions.services import post_create, thread_create


@pytest.fixture(autouse=True)
def _forum_settings(settings):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    settings.FORUM_NEW_USER_DAYS = 0
    settings.FORUM_FLAG_HIDE_THRESHOLD = 3
    settings.FORUM_POSTS_PER_MINUTE = 5
    settings.FORUM_POSTS_PER_PAGE = 20


@pytest.fixture
def board(db):
    return Board.objects.create(slug="partnering", name_en="Partnering", name_ja="パートナー探し")


@pytest.fixture
def qa_board(db):
    return Board.objects.create(slug="funding-qa", name_en="Funding Q&A", is_qa=True)


@pytest.fixture
def thread(board, alice):
    return thread_create(
        board=board, author=alice, title="Gear blanks", language="en", body="Opening post"
    )


@pytest.fixture
def bob_post(thread, bob):
    return post_create(thread=thread, author=bob, body="A reply from Osaka")
