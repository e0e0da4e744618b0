"""The digest's notification section: what people chose to get "in my digest" arrives in
their next digest, in their language, once; saved-search hits say which search they are from."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy

import pytest

from accounts.notifications.models import Notification
from accounts.notifications.services import notification_create, notification_preferences_save
from digests.tasks import digest_tick
from digests.tests.factories import subscriber
from tests.factories import make_org
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # Monday 08:00 IST, 11:30 JST
EARLIER = NOW - timedelta(hours=5)


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        server.point_django_at_it(settings)
        yield server.handler


def _send(django_capture_on_commit_callbacks, now: datetime = NOW) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        digest_tick(now=now.isoformat())


def _text(sink, address: str) -> str:
    for raw in sink.messages:
        message = email.message_from_bytes(raw, policy=policy.default)
        if message["To"] == address:
            return message.get_body(("plain",)).get_content()
    raise AssertionError(f"no message to {address}")


def test_digest_notifications_arrive_once_in_the_readers_language(
    sink, django_capture_on_commit_callbacks
):
    person = subscriber("hi@example.com", make_org(name_en="Raipur Rice"), language="hi")
    person.digest_preference.include_notices = False
    person.digest_preference.save()
    notification_preferences_save(
        user=person, channels={"savedsearch_hits": "digest", "introduction_declined": "digest"}
    )
    hit = notification_create(
        recipient=person,
        kind="savedsearch_hits",
        params={
            "search": "Rice mills",
            "count": 2,
            "items": [
                {"title": {"en": "Kobe Mills", "hi": "कोबे मिल्स"}, "url": "/partners/kobe/"},
                {"title": {"en": "Osaka Grain"}, "url": "/partners/osaka/"},
            ],
        },
        url="/partners/?q=rice",
    )
    declined = notification_create(
        recipient=person, kind="introduction_declined", params={"org": {"en": "Bob Seimitsu"}}
    )
    in_app = notification_create(
        recipient=person, kind="introduction_accepted", params={"org": {"en": "Kobe"}}
    )
    Notification.objects.filter(pk__in=[hit.pk, declined.pk, in_app.pk]).update(created_at=EARLIER)

    _send(django_capture_on_commit_callbacks)

    text = _text(sink, "hi@example.com")
    assert "आपकी सूचनाएँ" in text  # the section's title in Hindi
    assert "“Rice mills”" in text and "कोबे मिल्स" in text and "Osaka Grain" in text
    assert "Bob Seimitsu ने आपका परिचय अनुरोध अस्वीकार कर दिया" in text
    assert "Kobe ने" not in text  # in-app only
    hit.refresh_from_db()
    assert hit.digested_at is not None

    sink.messages.clear()
    _send(django_capture_on_commit_callbacks, NOW + timedelta(days=1))
    for raw in sink.messages:  # the next day's digest, if any, does not repeat them
        message = email.message_from_bytes(raw, policy=policy.default)
        assert "Rice mills" not in message.get_body(("plain",)).get_content()
