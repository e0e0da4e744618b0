"""New-message mail: the first at once, later ones batched after the window, each once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from matchmaking.partnerships.models import Message
from matchmaking.partnerships.services import conversations as service
from matchmaking.partnerships.services.mail import message_mail_notify, message_mail_tick
from matchmaking.partnerships.tasks import message_mail_notify as notify_task

pytestmark = pytest.mark.django_db


def _post(conversation, user, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return service.message_post(conversation=conversation, by_user=user, body=body)


def _to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_first_message_is_mailed_at_once_to_the_other_side_and_colleagues(
    conversation, alice, bob, alice_colleague, django_capture_on_commit_callbacks
):
    _post(
        conversation, alice, "Namaste! Shall we talk tooling?", django_capture_on_commit_callbacks
    )
    assert len(_to(bob.email)) == 1 and len(_to(alice_colleague.email)) == 1
    assert _to(alice.email) == []  # not to the author
    message = _to(bob.email)[0]
    assert "Alice Auto Parts" in message.subject
    assert "Shall we talk tooling?" in message.body


def test_later_messages_wait_for_the_window_and_go_together_once(
    conversation, alice, bob, django_capture_on_commit_callbacks, settings
):
    settings.PARTNERSHIPS_MAIL_BATCH_MINUTES = 15
    _post(conversation, alice, "first", django_capture_on_commit_callbacks)
    _post(conversation, alice, "second", django_capture_on_commit_callbacks)
    _post(conversation, alice, "third", django_capture_on_commit_callbacks)
    assert len(_to(bob.email)) == 1
    assert message_mail_tick(now=timezone.now() + timedelta(minutes=5)) == 0
    later = timezone.now() + timedelta(minutes=16)
    assert message_mail_tick(now=later) == 1
    batch = _to(bob.email)[1]
    assert "second" in batch.body and "third" in batch.body and "first" not in batch.body
    assert message_mail_tick(now=later) == 0
    assert message_mail_tick(now=later + timedelta(hours=1)) == 0
    assert len(_to(bob.email)) == 2


def test_a_retried_notify_task_mails_nothing_twice(
    conversation, alice, bob, django_capture_on_commit_callbacks
):
    _post(conversation, alice, "hello", django_capture_on_commit_callbacks)
    assert notify_task.apply(args=[conversation.pk]).get() == 0
    assert message_mail_notify(conversation_id=conversation.pk) == 0
    assert len(_to(bob.email)) == 1


def test_messages_already_read_are_not_mailed(
    conversation, alice, bob, django_capture_on_commit_callbacks
):
    _post(conversation, alice, "first", django_capture_on_commit_callbacks)
    _post(conversation, alice, "second", django_capture_on_commit_callbacks)
    service.conversation_mark_read(conversation=conversation, by_user=bob)
    assert message_mail_tick(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(_to(bob.email)) == 1


def test_the_mail_is_in_the_recipients_language(
    conversation, alice, bob, django_capture_on_commit_callbacks
):
    _post(conversation, alice, "hello", django_capture_on_commit_callbacks)
    assert "新しいメッセージ" in _to(bob.email)[0].subject


def test_hidden_messages_are_not_mailed(conversation, alice, bob):
    message = service.message_post(conversation=conversation, by_user=alice, body="spam")
    Message.objects.filter(pk=message.pk).update(is_hidden=True)
    assert message_mail_notify(conversation_id=conversation.pk) == 0
