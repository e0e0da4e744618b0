"""Account deletion keeps posts, anonymised; the export holds posts, flags, subscriptions."""

from __future__ import annotations

from accounts.privacy import erasers, exporters
from forum.discussions.models import Flag, Post, Subscription
from forum.discussions.services import flag_create


def test_it_registers_its_exporter_and_eraser(db):
    assert "forum" in exporters() and "forum" in erasers()


def test_it_exports_posts_flags_and_subscriptions(thread, bob_post, bob):
    flag_create(post=thread.posts.first(), flagger=bob, reason="spam")
    data = exporters()["forum"](bob)
    assert [p["body"] for p in data["posts"]] == ["A reply from Osaka"]
    assert [f["reason"] for f in data["flags"]] == ["spam"]
    assert [s["thread"] for s in data["subscriptions"]] == ["Gear blanks"]
    assert data["subscriptions"][0]["read_until"]  # how far they read is theirs too


def test_it_anonymises_posts_when_the_account_goes(client, thread, bob_post, bob):
    flag_create(post=thread.posts.first(), flagger=bob, reason="spam")
    erasers()["forum"](bob)
    bob.delete()
    post = Post.objects.get(pk=bob_post.pk)
    assert post.author is None and post.organisation is None
    assert post.body == "A reply from Osaka"
    assert (
        not Subscription.objects.filter(thread=thread)
        .exclude(user__email="alice@example.com")
        .exists()
    )
    assert Flag.objects.get().flagger is None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "deleted member" in page
    assert "Bob Seimitsu" not in page


def test_it_survives_the_real_account_deletion(client, thread, bob_post, bob):
    """accounts' user_delete runs every eraser, then deletes the person and their organisation."""
    from accounts.services import user_delete, user_export

    flag_create(post=thread.posts.first(), flagger=bob, reason="spam")
    assert user_export(user=bob)["forum"]["posts"][0]["body"] == "A reply from Osaka"
    user_delete(user=bob)
    post = Post.objects.get(pk=bob_post.pk)
    assert post.author is None and post.organisation is None
    assert Flag.objects.get().flagger is None
    assert "deleted member" in client.get(thread.get_absolute_url()).content.decode()
