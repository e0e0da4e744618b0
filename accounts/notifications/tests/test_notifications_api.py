"""`/api/v1/notifications/`: list, unread count, mark read; the project's error format."""

from __future__ import annotations

import pytest

from accounts.notifications.models import Notification
from accounts.notifications.services import notification_create

pytestmark = pytest.mark.django_db

PARAMS = {"org": {"en": "Bob Seimitsu", "ja": "ボブ精密"}}


def _make(user, n: int = 1) -> list[Notification]:
    return [
        notification_create(recipient=user, kind="introduction_accepted", params=PARAMS)
        for _ in range(n)
    ]


def test_it_lists_the_readers_own_with_text_in_their_language(api_client, alice, bob):
    _make(alice, 2)
    _make(bob)
    api_client.force_authenticate(bob)
    response = api_client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert "ボブ精密" in body["results"][0]["text"]
    assert body["results"][0]["kind"] == "introduction_accepted"


def test_it_counts_unread_and_marks_read(api_client, alice):
    first, _second = _make(alice, 2)
    api_client.force_authenticate(alice)
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    response = api_client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    assert api_client.get("/api/v1/notifications/?unread=1").json()["count"] == 1
    assert api_client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}


def test_it_rejects_other_organisations_with_a_404_in_the_error_format(api_client, alice, bob):
    (notification,) = _make(alice)
    api_client.force_authenticate(bob)
    response = api_client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_rejects_anonymous_callers(api_client, alice):
    (notification,) = _make(alice)
    for method, url in (
        ("get", "/api/v1/notifications/"),
        ("get", "/api/v1/notifications/unread-count/"),
        ("post", f"/api/v1/notifications/{notification.pk}/read/"),
        ("post", "/api/v1/notifications/read-all/"),
    ):
        response = getattr(api_client, method)(url)
        assert response.status_code in (401, 403), url
        assert response.json()["error"]["status"] == response.status_code


def test_the_endpoints_are_in_the_openapi_schema(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/notifications/",
        "/api/v1/notifications/unread-count/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/read-all/",
    ):
        assert path in schema["paths"], path
