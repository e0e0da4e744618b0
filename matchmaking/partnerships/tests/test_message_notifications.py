"""New messages reach the other side through the notification centre: one `message_posted`
per member (email at once by default), later messages merged while one still waits, the
centre's batching for the email, nothing mailed once the person has read the conversation,
and no second, separate mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.notifications.kinds import render
from accounts.notifications.models import Notification
from accounts.notifications.services import notification_email_deliver
from matchmaking.partnerships.services import conversations as service

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


@pytest.fixture
def post(conversation, django_capture_on_commit_callbacks):
    """Post as a real request would: the email task runs when the transaction commits."""

    def _post(user, body="Can we meet next week?"):
        with django_capture_on_commit_callbacks(execute=True):
            return service.message_post(conversation=conversation, by_user=user, body=body)

    return _post


def _of(user):
    return Notification.objects.filter(recipient=user, kind="message_posted")


def test_a_message_notifies_every_member_of_the_other_side_only(
    post, conversation, alice, alice_colleague, bob, carol
):
    from tests.factories import make_user

    bob_colleague = make_user("ken@example.com", bob.organisation, role="member")
    post(alice)
    for person in (bob, bob_colleague):
        (notification,) = _of(person)
        assert notification.url == reverse("partnerships:conversation", args=[conversation.pk])
        assert notification.channel == "email"
    for person in (alice, alice_colleague, carol):
        assert not _of(person).exists()


def test_it_reads_in_the_recipients_language(post, alice, bob):
    post(alice)
    (notification,) = _of(bob)
    en = render(notification.kind, notification.params, "en")
    assert "Alice Auto Parts" in en
    assert JAPANESE.search(render(notification.kind, notification.params, "ja"))
    assert DEVANAGARI.search(render(notification.kind, notification.params, "hi"))


def test_the_first_email_goes_at_once_and_names_the_sender_not_the_text(post, alice, bob):
    mail.outbox.clear()
    post(alice, body="Our confidential price is 42")
    (message,) = mail.outbox  # one email: the notification centre's, no separate mail
    assert message.to == [bob.email]
    assert "Alice Auto Parts" in message.body
    assert "42" not in message.body and "confidential" not in message.body


def test_later_messages_are_merged_and_batched(settings, post, alice, bob):
    settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES = 10
    mail.outbox.clear()
    post(alice, "one")
    assert len(mail.outbox) == 1 and _of(bob).count() == 1
    post(alice, "two")  # the first was mailed: a new one, waiting for the window
    post(alice, "three")  # merged into the one that waits
    assert _of(bob).count() == 2 and len(mail.outbox) == 1
    later = timezone.now() + timedelta(minutes=11)
    assert notification_email_deliver(user_id=bob.pk, now=later).sent == 1
    assert len(mail.outbox) == 2
    assert notification_email_deliver(user_id=bob.pk, now=later + timedelta(hours=1)).sent == 0


def test_reading_the_conversation_keeps_the_waiting_email_back(
    settings, post, conversation, alice, bob, client
):
    settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES = 10
    post(alice, "one")
    post(alice, "two")  # waits for the window
    client.force_login(bob)
    client.get(reverse("partnerships:conversation", args=[conversation.pk]))
    assert not _of(bob).filter(read_at__isnull=True).exists()
    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=11)
    assert notification_email_deliver(user_id=bob.pk, now=later).sent == 0
    assert mail.outbox == []
    post(alice, "three")  # nothing waits any more: a new notification
    assert _of(bob).filter(read_at__isnull=True).count() == 1


def test_a_person_who_chose_the_portal_only_gets_no_email(post, alice, bob):
    from accounts.notifications.services import notification_preferences_save

    notification_preferences_save(user=bob, channels={"message_posted": "in_app"})
    mail.outbox.clear()
    post(alice)
    assert _of(bob).get().channel == "in_app" and mail.outbox == []
