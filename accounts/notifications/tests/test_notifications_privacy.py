"""A person's data export holds their notifications; deleting the account erases them."""

from __future__ import annotations

import pytest

from accounts.notifications.models import Notification, NotificationPreference
from accounts.notifications.services import notification_create, notification_preferences_save

pytestmark = pytest.mark.django_db


def test_the_export_holds_codes_parameters_and_the_sentence(alice, bob):
    from accounts.services import user_export

    notification_create(
        recipient=alice, kind="introduction_declined", params={"org": {"en": "Bob Seimitsu"}}
    )
    notification_create(recipient=bob, kind="introduction_declined", params={"org": "x"})
    notification_preferences_save(user=alice, channels={"introduction_declined": "email"})
    data = user_export(user=alice)["notifications"]
    assert [n["kind"] for n in data["notifications"]] == ["introduction_declined"]
    assert data["notifications"][0]["text"] == "Bob Seimitsu declined your introduction request."
    assert data["preferences"] == [{"kind": "introduction_declined", "channel": "email"}]


def test_erasing_the_account_deletes_only_that_persons_notifications(alice, bob):
    from accounts.services import user_delete

    notification_create(recipient=alice, kind="introduction_declined", params={"org": "x"})
    notification_create(recipient=bob, kind="introduction_declined", params={"org": "x"})
    notification_preferences_save(user=alice, channels={"introduction_declined": "digest"})
    user_delete(user=alice)
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [
        "bob@example.com"
    ]
    assert not NotificationPreference.objects.exists()
