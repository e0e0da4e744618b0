"""A member flags a post, an admin hides it from the queue, the author sees the reason."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

REASON = "Advertising is not allowed in the forum"


@pytest.fixture(autouse=True)
def _own_cache_prefix(settings):
    """allauth remembers used TOTP codes in the cache, keyed by user id: parallel workers that
    sign in "their" admin (same id, same 30-second code) would refuse each other's code."""
    from uuid import uuid4

    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"browser-{uuid4().hex}"}
    }


@pytest.mark.django_db(transaction=True)
def test_it_flags_hides_and_tells_the_author(page, alice, bob, admin_user, settings):
    from django.core import mail

    from accounts.demo import DEMO_TOTP_SECRET
    from forum.discussions.models import Board, PostStatus
    from forum.discussions.services import post_create, thread_create

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    board = Board.objects.create(slug="partnering", name_en="Partnering", name_ja="パートナー探し")
    thread = thread_create(
        board=board,
        author=alice,
        title="Looking for a tooling partner in Osaka",
        language="en",
        body="We machine **gear blanks** in Ludhiana and need a hobbing partner.",
    )
    spam = post_create(
        thread=thread, author=bob, body="Cheap followers for your page! Write to me today."
    )

    # 1. A member (alice) flags bob's post.
    sign_in(page, alice.email)
    page.goto(thread.get_absolute_url())
    page.shots("member reads the thread")
    post = page.locator(f"#post-{spam.pk}")
    post.locator("summary", has_text="Flag").click()
    post.locator("select[name=reason]").select_option("spam")
    post.locator("textarea[name=note]").fill("Advertising, not a reply.")
    page.shots("member fills in the flag")
    post.locator("button", has_text="Send flag").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("The moderators will look at this post").is_visible()
    assert post.get_by_text("You flagged this post.").is_visible()
    page.shots("flag sent")

    # 2. An admin with MFA hides it from the queue, with a reason.
    page.context.clear_cookies()
    sign_in(page, admin_user.email, totp_secret=DEMO_TOTP_SECRET)
    page.goto("/forum/moderation/")
    item = page.locator(f"#queue-{spam.pk}")
    assert item.get_by_text("Advertising, not a reply.").is_visible()
    page.shots("admin sees the flagged post in the queue")
    item.locator("textarea[name=reason]").fill(REASON)
    item.locator("button[value=hide]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("The author has been told why").is_visible()
    assert page.locator(f"#queue-{spam.pk}").count() == 0
    page.shots("queue after hiding")
    spam.refresh_from_db()
    assert spam.status == PostStatus.HIDDEN

    # 3. The author sees the reason on the thread and in their notices; they got an email.
    page.context.clear_cookies()
    sign_in(page, bob.email)
    page.goto(thread.get_absolute_url())
    hidden = page.locator(f"#post-{spam.pk}")
    # Bob reads the site in Japanese: look for the notice box and the moderator's own words.
    assert hidden.locator(".moderation-reason").is_visible()
    assert REASON in hidden.locator(".moderation-reason").inner_text()
    page.shots("author sees the reason on the thread")
    page.goto("/forum/notices/")
    assert page.get_by_text(REASON).is_visible()
    page.shots("author sees the notice")
    assert any(REASON in m.body and m.to == [bob.email] for m in mail.outbox)

    # Other readers no longer see the post.
    page.context.clear_cookies()
    page.goto(thread.get_absolute_url())
    assert page.locator(f"#post-{spam.pk}").count() == 0
    page.shots("visitors no longer see the post")


@pytest.mark.django_db(transaction=True)
def test_it_approves_a_new_members_post_and_silences_a_member(
    page, alice, bob, admin_user, settings
):
    from accounts.demo import DEMO_TOTP_SECRET
    from forum.discussions.models import Board
    from forum.discussions.services import post_create, thread_create

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    board = Board.objects.create(slug="kaizen-practice", name_en="Kaizen practice", is_qa=True)
    thread = thread_create(
        board=board, author=alice, title="Red tags or posters?", language="en", body="Which works?"
    )
    settings.FORUM_NEW_USER_APPROVAL_POSTS = 5
    waiting = post_create(thread=thread, author=bob, body="Red tags, every time.")

    # A visitor does not see the waiting reply.
    page.goto(thread.get_absolute_url())
    assert page.get_by_text("Red tags, every time.").count() == 0
    page.shots("visitor does not see the waiting reply")

    sign_in(page, admin_user.email, totp_secret=DEMO_TOTP_SECRET)
    page.goto("/forum/moderation/")
    item = page.locator(f"#queue-{waiting.pk}")
    page.shots("waiting reply in the queue")
    item.locator("textarea[name=reason]").fill("Welcome to the forum")
    item.locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    page.shots("queue after approval")

    # The admin silences alice from the thread page's "Act on author" link.
    page.goto(thread.get_absolute_url())
    page.shots("moderator view of the thread")
    page.locator(f"#post-{thread.posts.first().pk}").get_by_text("Act on author").click()
    page.select_option("select[name=action]", "silence")
    page.fill("input[name=days]", "3")
    page.fill("textarea[name=reason]", "Cooling-off period after a heated exchange")
    page.shots("silence form")
    page.click("button[type=submit].btn-danger")
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, alice.email)
    page.goto(thread.get_absolute_url())
    assert page.get_by_text("Red tags, every time.").is_visible()
    assert page.get_by_text("you can read but not write").is_visible()
    assert page.locator("textarea[name=body]").count() == 0
    assert page.locator("summary", has_text="Flag").count() == 0
    page.shots("silenced member reads but cannot reply")
