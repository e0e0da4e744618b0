"""Email at once, batched: the first message goes at once, the ones that follow within the
window wait and travel together; every notification is mailed exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.notifications.models import Notification
from accounts.notifications.services import (
    notification_create,
    notification_email_deliver,
    notification_preferences_save,
)
from accounts.notifications.tasks import notification_email_send, notification_email_tick

pytestmark = pytest.mark.django_db

PARAMS = {"org": {"en": "Alice Auto Parts", "hi": "ऐलिस ऑटो पार्ट्स"}}


@pytest.fixture
def bob_emailed(bob):
    notification_preferences_save(user=bob, channels={"introduction_requested": "email"})
    return bob


def _notify(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return notification_create(
            recipient=user, kind="introduction_requested", params=PARAMS, url="/partners/"
        )


def test_the_first_email_goes_at_once_in_the_readers_language(
    settings, bob_emailed, django_capture_on_commit_callbacks
):
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.com"]
    assert "Alice Auto Parts" in message.subject and "紹介" in message.subject  # bob reads ja
    assert settings.SITE_URL + "/partners/" in message.body
    assert settings.SITE_URL + "/notifications/preferences/" in message.body


def test_later_ones_within_the_window_are_merged_into_one_message(
    settings, bob_emailed, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES = 10
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the second and third wait for the window
    now = timezone.now()
    assert (
        notification_email_deliver(user_id=bob_emailed.pk, now=now + timedelta(minutes=5)).sent == 0
    )
    assert len(mail.outbox) == 1
    outcome = notification_email_deliver(user_id=bob_emailed.pk, now=now + timedelta(minutes=11))
    assert outcome.sent == 2
    assert len(mail.outbox) == 2
    merged = mail.outbox[1]
    assert "2" in merged.subject
    assert merged.body.count("Alice Auto Parts") == 2


def test_the_tick_sends_the_waiting_batch_when_the_window_ends(
    settings, bob_emailed, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES = 0  # the window has already ended at the tick
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    Notification.objects.create(
        recipient=bob_emailed, kind="introduction_requested", params=PARAMS, channel="email"
    )
    assert len(mail.outbox) == 1
    assert notification_email_tick.apply().get() == 1
    assert len(mail.outbox) == 2
    assert notification_email_tick.apply().get() == 0  # nothing left
    assert len(mail.outbox) == 2


def test_a_retried_task_mails_nothing_twice(bob_emailed, django_capture_on_commit_callbacks):
    _notify(bob_emailed, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    # The broker redelivers the same task (acks_late after a lost worker), twice.
    assert notification_email_send.apply(args=[bob_emailed.pk]).get() == 0
    assert notification_email_send.apply(args=[bob_emailed.pk]).get() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_an_smtp_failure_gives_the_rows_back_for_the_next_try(
    monkeypatch, bob_emailed, django_capture_on_commit_callbacks
):
    from accounts.notifications import services

    def broken(*args, **kwargs):
        raise OSError("SMTP server went away")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        _notify(bob_emailed, django_capture_on_commit_callbacks)
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    assert notification_email_deliver(user_id=bob_emailed.pk).sent == 1
    assert len(mail.outbox) == 1


def test_in_app_only_and_digest_never_email(bob, django_capture_on_commit_callbacks):
    _notify(bob, django_capture_on_commit_callbacks)  # default: in the portal only
    notification_preferences_save(user=bob, channels={"introduction_requested": "digest"})
    _notify(bob, django_capture_on_commit_callbacks)
    assert notification_email_tick.apply().get() == 0
    assert mail.outbox == []
    assert list(Notification.objects.values_list("channel", flat=True).order_by("id")) == [
        "in_app",
        "digest",
    ]


def test_the_digest_selector_returns_each_digest_notification_once(bob):
    from accounts.notifications.selectors import digest_notifications
    from accounts.notifications.services import notifications_mark_digested

    notification_preferences_save(user=bob, channels={"introduction_requested": "digest"})
    row = notification_create(recipient=bob, kind="introduction_requested", params=PARAMS)
    notification_create(recipient=bob, kind="introduction_declined", params=PARAMS)  # in-app
    until = timezone.now() + timedelta(seconds=1)
    assert list(digest_notifications(bob, until=until)) == [row]
    assert notifications_mark_digested(notification_ids=[row.pk], at=until) == 1
    assert notifications_mark_digested(notification_ids=[row.pk], at=until) == 0
    assert list(digest_notifications(bob, until=until)) == []
