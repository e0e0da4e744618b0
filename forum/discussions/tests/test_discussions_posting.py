"""Threads, replies with quotes, edits with revisions, "solved", language filter, search."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.discussions import selectors
from forum.discussions.models import PostRevision, PostStatus, Subscription
from forum.discussions.services import (
    post_create,
    post_edit,
    quote_markdown,
    thread_create,
    thread_mark_solved,
)


def test_it_creates_a_thread_with_its_opening_post(thread, alice):
    assert thread.is_visible
    assert thread.post_count == 1
    assert thread.posts.get().author == alice
    assert Subscription.objects.filter(user=alice, thread=thread).exists()


def test_it_refuses_an_empty_title(board, alice):
    with pytest.raises(ValidationError) as caught:
        thread_create(board=board, author=alice, title=" ", language="en", body="x")
    assert "title" in caught.value.message_dict


def test_it_refuses_an_unknown_language(board, alice):
    with pytest.raises(ValidationError):
        thread_create(board=board, author=alice, title="T", language="fr", body="x")


def test_it_replies_with_a_quote(thread, bob, alice):
    opening = thread.posts.get()
    body = quote_markdown(opening) + "Agreed."
    reply = post_create(thread=thread, author=bob, body=body, quoted_post=opening)
    assert reply.quoted_post == opening
    assert "<blockquote>" in reply.body_html
    assert "Opening post" in reply.body_html
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_it_prefills_the_reply_form_with_a_quote(client, thread, bob):
    client.force_login(bob)
    opening = thread.posts.get()
    page = client.get(f"{thread.get_absolute_url()}?quote={opening.pk}").content.decode()
    assert "&gt; Opening post" in page


def test_it_refuses_quoting_a_post_of_another_thread(board, thread, bob, alice):
    other = thread_create(board=board, author=alice, title="Other", language="en", body="x")
    with pytest.raises(ValidationError):
        post_create(thread=thread, author=bob, body="hi", quoted_post=other.posts.get())


def test_it_keeps_the_earlier_version_when_the_author_edits(thread, alice, client):
    post = thread.posts.get()
    post_edit(post=post, by_user=alice, body="Better opening post")
    post.refresh_from_db()
    assert post.edited_at is not None
    assert post.body_html.startswith("<p>Better")
    assert PostRevision.objects.get(post=post).body == "Opening post"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "edited" in page


def test_it_refuses_edits_by_someone_else(thread, bob):
    with pytest.raises(PermissionDenied):
        post_edit(post=thread.posts.get(), by_user=bob, body="hijacked")


def test_it_lets_the_asker_mark_the_answer_on_qa_boards(qa_board, alice, bob):
    question = thread_create(
        board=qa_board, author=alice, title="Loan?", language="en", body="How?"
    )
    answer = post_create(thread=question, author=bob, body="Like this.")
    thread_mark_solved(thread=question, by_user=alice, post=answer)
    question.refresh_from_db()
    assert question.solved_post == answer


def test_it_refuses_solved_on_other_boards(thread, alice, bob_post):
    with pytest.raises(PermissionDenied):
        thread_mark_solved(thread=thread, by_user=alice, post=bob_post)


def test_it_refuses_solved_by_someone_other_than_the_asker(qa_board, alice, bob):
    question = thread_create(
        board=qa_board, author=alice, title="Loan?", language="en", body="How?"
    )
    answer = post_create(thread=question, author=bob, body="Like this.")
    with pytest.raises(PermissionDenied):
        thread_mark_solved(thread=question, by_user=bob, post=answer)


def test_it_marks_solved_through_the_page(client, qa_board, alice, bob):
    question = thread_create(
        board=qa_board, author=alice, title="Loan?", language="en", body="How?"
    )
    answer = post_create(thread=question, author=bob, body="Like this.")
    client.force_login(alice)
    client.post(f"/forum/t/{question.pk}/solve/", {"post": answer.pk})
    question.refresh_from_db()
    assert question.solved_post == answer


def test_it_filters_threads_by_language(board, alice):
    thread_create(board=board, author=alice, title="English one", language="en", body="x")
    thread_create(board=board, author=alice, title="日本語のスレッド", language="ja", body="x")
    titles = [t.title for t in selectors.thread_list(None, language="ja")]
    assert titles == ["日本語のスレッド"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hobbing", "Gear hobbing"),  # English word in a title
        ("certification", "Paperwork"),  # English word in a reply
        ("補助金", "日本の補助金"),  # Japanese substring inside a sentence
        ("निर्यात", "हिंदी धागा"),  # Hindi word in a post
    ],
)
def test_it_searches_threads_and_posts(board, alice, bob, query, expected):
    thread_create(board=board, author=alice, title="Gear hobbing", language="en", body="x")
    paperwork = thread_create(board=board, author=alice, title="Paperwork", language="en", body="x")
    post_create(thread=paperwork, author=bob, body="The certification took six months.")
    thread_create(
        board=board, author=bob, title="日本の補助金", language="ja", body="ものづくり補助金の申請"
    )
    thread_create(
        board=board, author=alice, title="हिंदी धागा", language="hi", body="जापान को निर्यात कैसे करें"
    )
    assert [t.title for t in selectors.thread_list(None, query=query)] == [expected]


def test_it_searches_from_the_forum_page(client, board, alice):
    thread_create(board=board, author=alice, title="Gear hobbing", language="en", body="x")
    page = client.get("/forum/", {"q": "hobbing"}).content.decode()
    assert "Gear hobbing" in page


def test_it_does_not_find_hidden_posts(board, alice, bob, admin_user):
    from forum.discussions.services import post_hide

    thread = thread_create(board=board, author=alice, title="Plain", language="en", body="x")
    post = post_create(thread=thread, author=bob, body="secretword")
    post_hide(post=post, by_user=admin_user, reason="spam")
    assert list(selectors.thread_list(None, query="secretword")) == []


def test_it_paginates_posts(client, thread, bob):
    from forum.discussions.tests.factories import add_posts

    add_posts(thread, bob, 45)
    first = client.get(thread.get_absolute_url()).content.decode()
    last = client.get(thread.get_absolute_url(), {"page": 3}).content.decode()
    assert first.count('<article id="post-') == 20
    assert last.count('<article id="post-') == 6
    assert "Page 3 of 3" in last


def test_it_starts_a_thread_through_the_form(client, board, alice):
    client.force_login(alice)
    response = client.post(
        "/forum/b/partnering/new/", {"title": "From the form", "language": "en", "body": "**Hi**"}
    )
    assert response.status_code == 302
    thread = selectors.thread_list(alice).get(title="From the form")
    assert thread.posts.get().body_html == "<p><strong>Hi</strong></p>\n"


def test_it_shows_form_errors_instead_of_failing(client, board, alice):
    client.force_login(alice)
    response = client.post("/forum/b/partnering/new/", {"title": "", "language": "en", "body": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_it_shows_the_verified_badge_on_regulator_posts(client, thread, regulator):
    post_create(thread=thread, author=regulator, body="Official answer")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "badge-verified" in page
    assert "Regulator Desk" in page


def test_it_does_not_show_a_badge_for_msme_posts(client, thread):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "badge-verified" not in page


def test_it_subscribes_and_unsubscribes(client, thread, bob):
    client.force_login(bob)
    client.post(f"/forum/t/{thread.pk}/subscribe/", {"subscribe": "1"})
    assert Subscription.objects.filter(user=bob, thread=thread).exists()
    client.post(f"/forum/t/{thread.pk}/subscribe/", {"subscribe": "0"})
    assert not Subscription.objects.filter(user=bob, thread=thread).exists()


def test_it_hides_private_boards_from_visitors(client, board, alice):
    board.is_public = False
    board.save()
    thread = thread_create(board=board, author=alice, title="Members only", language="en", body="x")
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/forum/threads/").json()["count"] == 0
    client.force_login(alice)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_it_keeps_a_waiting_post_out_of_other_readers_view(client, thread, bob, settings):
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 1
    post = post_create(thread=thread, author=bob, body="waiting text")
    assert post.status == PostStatus.PENDING
    assert "waiting text" not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(bob)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "waiting text" in page
    assert "承認待ち" in page  # Bob reads in Japanese, the stored reason too
    assert "新しいメンバーの最初の投稿は" in page


def test_it_lists_boards_in_the_admins_order(client, db):
    from forum.discussions.models import Board

    Board.objects.create(slug="z", name_en="Zeta", position=0)
    Board.objects.create(slug="a", name_en="Alpha", position=1)
    page = client.get("/forum/").content.decode()
    assert page.index("Zeta") < page.index("Alpha")


def test_it_offers_every_flag_reason_in_the_readers_language(client, thread, bob):
    from forum.discussions.models import FlagReason

    client.force_login(bob)  # alice wrote the opening post, so bob may flag it
    html = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    for value in FlagReason.values:
        assert f'<option value="{value}">' in html
    assert '<option value="spam">スパム</option>' in html
