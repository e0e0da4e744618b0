"""Reported messages are the forum's flags: the same reasons, the same moderation queue, the
same two decisions (hide the message, dismiss the flags), each with a reason and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import AuditLog
from forum.discussions.models import Flag, ModerationNotice
from matchmaking.partnerships.services import conversations as service

pytestmark = pytest.mark.django_db

QUEUE = "/forum/moderation/"


@pytest.fixture
def spam(conversation, alice):
    return service.message_post(conversation=conversation, by_user=alice, body="Buy **now**")


def _flag_url(message) -> str:
    return reverse("discussions:moderation_flagged", args=["partnerships.message", message.pk])


def test_a_report_is_a_forum_flag_on_the_message(spam, bob, client):
    client.force_login(bob)
    client.post(
        reverse("partnerships:message_report", args=[spam.pk]), {"reason": "spam", "note": "ads"}
    )
    flag = Flag.objects.get()
    assert (flag.target, flag.post, flag.flagger, flag.reason, flag.note) == (
        spam,
        None,
        bob,
        "spam",
        "ads",
    )
    assert flag.status == "open"


def test_it_shows_in_the_forum_moderation_queue(mfa_login, spam, bob, admin_user, client):
    service.message_report(message=spam, by_user=bob, reason="abusive", note="rude")
    mfa_login(client, admin_user)
    page = client.get(QUEUE).content.decode()
    assert "Buy <strong>now</strong>" in page and "rude" in page
    assert _flag_url(spam) in page
    # The old staff page now leads to the queue.
    old = client.get(reverse("partnerships:reports"))
    assert old.status_code == 302 and old["Location"].startswith(QUEUE)


def test_hiding_closes_the_flags_tells_the_author_and_is_audited(
    mfa_login, spam, alice, bob, alice_colleague, admin_user, client
):
    service.message_report(message=spam, by_user=bob, reason="spam")
    mfa_login(client, admin_user)
    response = client.post(_flag_url(spam), {"decision": "hide", "reason": "advertising"})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.is_hidden and spam.hidden_reason == "advertising"
    assert Flag.objects.get().status == "agreed"
    notice = ModerationNotice.objects.get(recipient=alice)
    assert (notice.action, notice.reason) == ("post.hide", "advertising")
    entry = AuditLog.objects.get(action="partnerships.message_hide")
    assert (entry.reason, entry.target_id, entry.data) == (
        "advertising",
        str(spam.pk),
        {"flags_resolved": 1},
    )
    assert _flag_url(spam) not in client.get(QUEUE).content.decode()


def test_dismissing_keeps_the_message_and_is_audited(mfa_login, spam, bob, admin_user, client):
    service.message_report(message=spam, by_user=bob, reason="off_topic")
    mfa_login(client, admin_user)
    client.post(_flag_url(spam), {"decision": "dismiss", "reason": "it is on topic"})
    spam.refresh_from_db()
    assert not spam.is_hidden
    assert Flag.objects.get().status == "disagreed"
    assert AuditLog.objects.filter(action="partnerships.report_dismiss").exists()


def test_a_decision_needs_a_reason(mfa_login, spam, bob, admin_user, client):
    service.message_report(message=spam, by_user=bob, reason="spam")
    mfa_login(client, admin_user)
    client.post(_flag_url(spam), {"decision": "hide", "reason": " "})
    spam.refresh_from_db()
    assert not spam.is_hidden and Flag.objects.get().status == "open"


@pytest.mark.parametrize("who", ["member", "password_only_staff"])
def test_only_moderators_decide(spam, bob, client, who):
    from tests.factories import make_user

    service.message_report(message=spam, by_user=bob, reason="spam")
    person = bob if who == "member" else make_user("s@example.com", None, mfa=True, is_staff=True)
    client.force_login(person)
    assert client.post(_flag_url(spam), {"decision": "hide", "reason": "r"}).status_code == 403
    assert client.get(QUEUE).status_code == 403
    spam.refresh_from_db()
    assert not spam.is_hidden


def test_each_member_reports_a_message_once(spam, bob):
    service.message_report(message=spam, by_user=bob, reason="spam")
    with pytest.raises(ValidationError):
        service.message_report(message=spam, by_user=bob, reason="abusive")


def test_the_forums_reasons_and_rules_apply(spam, bob):
    with pytest.raises(ValidationError):
        service.message_report(message=spam, by_user=bob, reason="boring")
    with pytest.raises(ValidationError):  # "something else" says what, as on the forum
        service.message_report(message=spam, by_user=bob, reason="other")


def test_a_silenced_member_can_still_report(spam, silenced):
    assert service.message_report(message=spam, by_user=silenced, reason="abusive").pk


@pytest.mark.parametrize("who", ["carol", "anonymous", "suspended"])
def test_outsiders_cannot_report(spam, request, who):
    with pytest.raises(PermissionDenied):
        service.message_report(message=spam, by_user=request.getfixturevalue(who), reason="spam")


@pytest.mark.parametrize("reported", [1, 5])
def test_the_queue_costs_the_same_however_many_messages_are_reported(
    mfa_login, conversation, alice, bob, admin_user, client, django_assert_num_queries, reported
):
    for n in range(reported):
        message = service.message_post(conversation=conversation, by_user=alice, body=f"m{n}")
        service.message_report(message=message, by_user=bob, reason="spam")
    mfa_login(client, admin_user)
    client.get(QUEUE)  # warm the content-type cache
    # session, user, MFA, the posts' count (no posts: no page query), other apps' open flags,
    # the messages, their attachments, and the bell's unread count
    with django_assert_num_queries(8):
        page = client.get(QUEUE).content.decode()
    assert page.count("flagged-item") == reported


def test_a_deleted_conversation_takes_its_flags_along(conversation, spam, bob):
    service.message_report(message=spam, by_user=bob, reason="spam")
    conversation.introduction.delete()
    assert not Flag.objects.exists()


def test_the_reporters_export_lists_the_report(spam, bob):
    from matchmaking.partnerships.privacy import export_user

    service.message_report(message=spam, by_user=bob, reason="spam", note="ads")
    assert export_user(bob)["reports"] == [{"message_id": spam.pk, "reason": "spam", "note": "ads"}]


def test_moderators_see_and_decide_reports_through_the_api(spam, bob, admin_user, api_client):
    service.message_report(message=spam, by_user=bob, reason="spam", note="ads")
    api_client.force_authenticate(admin_user)
    (item,) = api_client.get("/api/v1/forum/moderation/flagged/").json()
    assert (item["key"], item["id"], item["text"]) == ("partnerships.message", spam.pk, spam.body)
    assert [(f["reason"], f["note"]) for f in item["flags"]] == [("spam", "ads")]
    url = f"/api/v1/forum/moderation/flagged/partnerships.message/{spam.pk}/"
    missing = api_client.post(url, {"decision": "hide"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    done = api_client.post(url, {"decision": "hide", "reason": "advertising"}, format="json")
    assert done.status_code == 200 and done.json() == {"flags_resolved": 1}
    spam.refresh_from_db()
    assert spam.is_hidden
    again = api_client.post(url, {"decision": "dismiss", "reason": "x"}, format="json")
    assert again.status_code == 400
    unknown = "/api/v1/forum/moderation/flagged/accounts.user/1/"
    assert api_client.post(unknown, {"decision": "hide", "reason": "x"}).status_code == 404


def test_members_cannot_use_the_moderation_api(spam, bob, api_client):
    service.message_report(message=spam, by_user=bob, reason="spam")
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/forum/moderation/flagged/").status_code == 403
    url = f"/api/v1/forum/moderation/flagged/partnerships.message/{spam.pk}/"
    assert api_client.post(url, {"decision": "hide", "reason": "r"}).status_code == 403
