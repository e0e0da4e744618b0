"""The forum's permission matrix (tests/matrix.py): every write, HTML and API, tried by the
author, another organisation, an anonymous visitor, a silenced and a suspended member, and, on
moderation routes, staff whose session passed two-factor (`owner`), a member who is not staff
(`other`) and the same staff signed in with a password only (`no_mfa`)."""

from __future__ import annotations

import pytest

from forum.discussions.models import Board, Subscription
from forum.discussions.services import (
    post_create,
    post_hide,
    thread_create,
    thread_lock,
    thread_pin,
)
from tests.factories import make_user
from tests.matrix import Write, cases, check, covered

PEOPLE = {
    "owner": "alice",
    "other": "bob",
    "anon": None,
    "silenced": "silenced",
    "suspended": "suspended",
    "no_mfa": "admin_user",
}
STAFF = {"owner": "admin_user", "other": "alice"}  # `other`: a member who is not staff


@pytest.fixture
def world(qa_board, alice, bob, silenced, admin_user, settings):
    question = thread_create(
        board=qa_board, author=alice, title="Question", language="en", body="Opening"
    )
    answer = post_create(thread=question, author=bob, body="Answer")
    hidden = post_create(thread=question, author=bob, body="Hidden")
    post_hide(post=hidden, by_user=admin_user, reason="r")
    held = thread_create(board=qa_board, author=bob, title="Locked", language="en", body="Held")
    thread_lock(thread=held, by_user=admin_user, reason="r")
    thread_pin(thread=held, by_user=admin_user, reason="r")
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 1  # bob's next post waits for approval
    waiting = post_create(thread=question, author=make_user("new@example.com"), body="New")
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    Board.objects.create(slug="logistics", name_en="Logistics")
    # Nobody follows the question (subscribing changes something); everyone follows `held`.
    Subscription.objects.all().delete()
    for person in (alice, bob, silenced):
        Subscription.objects.create(thread=held, user=person)
    return {
        "thread": question,
        "own": question.posts.order_by("pk").first(),
        "answer": answer,
        "hidden": hidden,
        "held": held,
        "waiting": waiting,
        "bob": bob,
        "silenced": silenced,
    }


# Pages: the author may, another organisation may where the forum is open to all; the
# silenced may read but not post; the suspended may do nothing.
HTML = [
    Write("new thread", "/forum/b/funding-qa/new/", {"title": "New", "language": "en", "body": "x"},
          expect=dict(owner=302, other=302, anon=302, silenced=403, suspended=403)),
    Write("reply", "/forum/t/{thread.pk}/reply/", {"body": "new reply"},
          expect=dict(owner=302, other=302, anon=302, silenced=403, suspended=403)),
    Write("edit own post", "/forum/p/{own.pk}/edit/", {"body": "changed"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("flag another's post", "/forum/p/{answer.pk}/flag/", {"reason": "spam"},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("mark solved", "/forum/t/{thread.pk}/solve/", lambda w: {"post": w["answer"].pk},
          expect=dict(owner=302, other=403, anon=302, silenced=403, suspended=403)),
    Write("subscribe", "/forum/t/{thread.pk}/subscribe/", {"subscribe": "1"},
          expect=dict(owner=302, other=302, anon=302, silenced=302, suspended=403)),
    Write("hide", "/forum/moderation/p/{answer.pk}/", {"action": "hide", "reason": "r"},
          who=STAFF, staff_only=True, expect=dict(owner=302, other=403, anon=403, no_mfa=403)),
    Write("moderator edit", "/forum/moderation/p/{answer.pk}/",
          {"edit-body": "mod", "edit-reason": "r"},
          who=STAFF, staff_only=True, expect=dict(owner=302, other=403, anon=403, no_mfa=403)),
    Write("move", "/forum/moderation/t/{thread.pk}/",
          lambda w: {"action": "move", "board": Board.objects.get(slug="logistics").pk, "reason": "r"},
          who=STAFF, staff_only=True, expect=dict(owner=302, other=403, anon=403, no_mfa=403)),
    Write("silence", "/forum/moderation/u/{bob.pk}/", {"action": "silence", "days": 1, "reason": "r"},
          who=STAFF, staff_only=True, expect=dict(owner=302, other=403, anon=403, no_mfa=403)),
]  # fmt: skip

# The API refuses a suspended person's session outright (401, as their tokens).
API = [
    Write("api new thread", "/api/v1/forum/threads/", api=True,
          data={"board": "funding-qa", "title": "New", "language": "en", "body": "x"},
          expect=dict(owner=201, other=201, anon=401, silenced=403, suspended=401)),
    Write("api reply", "/api/v1/forum/posts/", api=True,
          data=lambda w: {"thread": w["thread"].pk, "body": "new reply"},
          expect=dict(owner=201, other=201, anon=401, silenced=403, suspended=401)),
    Write("api edit own post", "/api/v1/forum/posts/{own.pk}/", method="patch", api=True,
          data={"body": "changed"},
          expect=dict(owner=200, other=403, anon=401, silenced=403, suspended=401)),
    Write("api put post", "/api/v1/forum/posts/{own.pk}/", method="put", api=True,
          data={"body": "changed"},
          expect=dict(owner=405, other=405, anon=401, silenced=405, suspended=401)),
    Write("api flag", "/api/v1/forum/flags/", api=True,
          data=lambda w: {"post": w["answer"].pk, "reason": "spam"},
          expect=dict(owner=201, other=403, anon=401, silenced=403, suspended=401)),
    Write("api solve", "/api/v1/forum/threads/{thread.pk}/solve/", api=True,
          data=lambda w: {"post": w["answer"].pk},
          expect=dict(owner=200, other=403, anon=401, silenced=403, suspended=401)),
    Write("api subscribe", "/api/v1/forum/threads/{thread.pk}/subscribe/", api=True,
          expect=dict(owner=204, other=204, anon=401, silenced=204, suspended=401)),
    Write("api unsubscribe", "/api/v1/forum/threads/{held.pk}/subscribe/", method="delete",
          api=True, expect=dict(owner=204, other=204, anon=401, silenced=204, suspended=401)),
]  # fmt: skip

MODERATION = [
    ("lock", "threads/{thread.pk}/lock/", {}),
    ("unlock", "threads/{held.pk}/unlock/", {}),
    ("pin", "threads/{thread.pk}/pin/", {}),
    ("unpin", "threads/{held.pk}/unpin/", {}),
    ("move", "threads/{thread.pk}/move/", {"board": "logistics"}),
    ("hide", "posts/{answer.pk}/hide/", {}),
    ("restore", "posts/{hidden.pk}/restore/", {}),
    ("approve", "posts/{waiting.pk}/approve/", {}),
    ("moderator-edit", "posts/{answer.pk}/moderator-edit/", {"body": "mod"}),
    ("silence", "moderation/people/{bob.pk}/silence/", {"days": 1}),
    ("suspend", "moderation/people/{bob.pk}/suspend/", {"days": 1}),
    ("block", "moderation/people/{bob.pk}/block/", {}),
    ("reinstate", "moderation/people/{silenced.pk}/reinstate/", {}),
]
API += [
    Write(f"api {name}", f"/api/v1/forum/{path}", api=True, data={**data, "reason": "r"},
          who=STAFF, staff_only=True, expect=dict(owner=200, other=403, anon=401, no_mfa=403))
    for name, path, data in MODERATION
]  # fmt: skip

WRITES = HTML + API
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
