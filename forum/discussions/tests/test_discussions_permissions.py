"""Every HTML write, tried by the author, another organisation, an anonymous visitor, an admin
without MFA, an admin with MFA in a session that passed it, and the same admin signed in with a
password only (staff powers need this session's second factor). `True` means the write must
succeed."""

from __future__ import annotations

import pytest

from forum.discussions.models import Board, Flag, Post, PostStatus, Subscription, Thread
from forum.discussions.services import post_create, thread_create
from tests.factories import make_user

PEOPLE = ["author", "other_org", "anonymous", "admin_no_mfa", "admin_mfa", "admin_password_only"]


@pytest.fixture
def people(alice, bob, admin_user):
    return {
        "author": alice,
        "other_org": bob,
        "anonymous": None,
        "admin_no_mfa": make_user("nomfa@example.com", None, is_staff=True),
        "admin_mfa": admin_user,
        "admin_password_only": admin_user,
    }


@pytest.fixture
def world(qa_board, alice, bob):
    question = thread_create(
        board=qa_board, author=alice, title="Question", language="en", body="Opening"
    )
    answer = post_create(thread=question, author=bob, body="Answer")
    Board.objects.create(slug="logistics", name_en="Logistics")
    return {"thread": question, "own": question.posts.first(), "answer": answer}


def _edit(w):
    return (
        f"/forum/p/{w['own'].pk}/edit/",
        {"body": "changed"},
        lambda: Post.objects.get(pk=w["own"].pk).body == "changed",
    )


def _reply(w):
    return (
        f"/forum/t/{w['thread'].pk}/reply/",
        {"body": "new reply"},
        lambda: Post.objects.filter(body="new reply").exists(),
    )


def _new_thread(w):
    return (
        "/forum/b/funding-qa/new/",
        {"title": "New", "language": "en", "body": "x"},
        lambda: Thread.objects.filter(title="New").exists(),
    )


def _flag(w):
    return f"/forum/p/{w['answer'].pk}/flag/", {"reason": "spam"}, lambda: Flag.objects.exists()


def _flag_own_opening(w):
    return f"/forum/p/{w['own'].pk}/flag/", {"reason": "spam"}, lambda: Flag.objects.exists()


def _solve(w):
    return (
        f"/forum/t/{w['thread'].pk}/solve/",
        {"post": w["answer"].pk},
        lambda: Thread.objects.get(pk=w["thread"].pk).solved_post_id == w["answer"].pk,
    )


def _subscribe(w):
    Subscription.objects.all().delete()
    return (
        f"/forum/t/{w['thread'].pk}/subscribe/",
        {"subscribe": "1"},
        lambda: Subscription.objects.exists(),
    )


def _hide(w):
    return (
        f"/forum/moderation/p/{w['answer'].pk}/",
        {"action": "hide", "reason": "r"},
        lambda: Post.objects.get(pk=w["answer"].pk).status == PostStatus.HIDDEN,
    )


def _moderator_edit(w):
    return (
        f"/forum/moderation/p/{w['answer'].pk}/",
        {"edit-body": "mod", "edit-reason": "r"},
        lambda: Post.objects.get(pk=w["answer"].pk).body == "mod",
    )


def _lock(w):
    return (
        f"/forum/moderation/t/{w['thread'].pk}/",
        {"action": "lock", "reason": "r"},
        lambda: Thread.objects.get(pk=w["thread"].pk).is_locked,
    )


def _move(w):
    board = Board.objects.get(slug="logistics")
    return (
        f"/forum/moderation/t/{w['thread'].pk}/",
        {"action": "move", "board": board.pk, "reason": "r"},
        lambda: Thread.objects.get(pk=w["thread"].pk).board_id == board.pk,
    )


def _silence(w):
    return (
        f"/forum/moderation/u/{w['answer'].author_id}/",
        {"action": "silence", "days": 1, "reason": "r"},
        lambda: (
            w["answer"].author.__class__.objects.get(pk=w["answer"].author_id).silenced_until
            is not None
        ),
    )


# write -> (author, other_org, anonymous, admin_no_mfa, admin_mfa)
MATRIX = {
    "edit own post": (_edit, (True, False, False, False, False, False)),
    "reply": (_reply, (True, True, False, True, True, True)),
    "new thread": (_new_thread, (True, True, False, True, True, True)),
    "flag another's post": (_flag, (True, False, False, True, True, True)),
    "flag the opening post": (_flag_own_opening, (False, True, False, True, True, True)),
    "mark solved": (_solve, (True, False, False, False, False, False)),
    "subscribe": (_subscribe, (True, True, False, True, True, True)),
    "hide": (_hide, (False, False, False, False, True, False)),
    "moderator edit": (_moderator_edit, (False, False, False, False, True, False)),
    "lock": (_lock, (False, False, False, False, True, False)),
    "move": (_move, (False, False, False, False, True, False)),
    "silence": (_silence, (False, False, False, False, True, False)),
}  # fmt: skip
CASES = [
    pytest.param(write, person, allowed[i], id=f"{name}-{person}")
    for name, (write, allowed) in MATRIX.items()
    for i, person in enumerate(PEOPLE)
]


@pytest.mark.parametrize(("write", "person", "allowed"), CASES)
def test_it_enforces_who_may_write(client, mfa_login, people, world, write, person, allowed):
    user = people[person]
    if person == "admin_mfa":
        mfa_login(client, user)
    elif user is not None:
        client.force_login(user)
    url, data, happened = write(world)
    response = client.post(url, data)
    assert response.status_code in (200, 302, 403), response.status_code
    assert happened() is allowed
    if user is None:
        assert (response.status_code == 302 and "/accounts/login/" in response["Location"]) or (
            response.status_code == 403
        )
