"""The bell, the list page, mark read / mark all read, preferences; nobody reaches another
person's notifications (owner / other organisation / anonymous)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.notifications.models import Notification, NotificationPreference
from accounts.notifications.services import notification_create

pytestmark = pytest.mark.django_db

PARAMS = {"org": {"en": "Bob Seimitsu", "ja": "ボブ精密"}}


def _make(user, n: int = 1) -> list[Notification]:
    return [
        notification_create(
            recipient=user,
            kind="introduction_accepted",
            params=PARAMS,
            url="/partners/introductions/",
        )
        for _ in range(n)
    ]


def test_the_bell_shows_the_unread_count_on_every_page(client, alice):
    _make(alice, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at="2026-01-01T00:00Z"
    )
    client.force_login(alice)
    for url in ("/", reverse("matchmaking:directory"), reverse("programs:window_list")):
        html = client.get(url).content.decode()
        assert 'data-unread="2"' in html, url
        assert 'href="/notifications/"' in html


def test_anonymous_visitors_have_no_bell(client, db):
    assert "notification-bell" not in client.get("/").content.decode()


def test_the_list_shows_the_readers_own_in_their_language(client, alice, bob):
    _make(alice, 2)
    notification_create(recipient=bob, kind="introduction_declined", params=PARAMS)
    alice.language = "ja"  # the person's remembered language wins over the browser's
    alice.save(update_fields=["language"])
    client.force_login(alice)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.count("紹介依頼を承諾しました") == 2
    assert "辞退" not in html  # bob's
    alice.language = "hi"
    alice.save(update_fields=["language"])
    html = client.get(reverse("notifications:list")).content.decode()
    assert "ने आपका परिचय अनुरोध स्वीकार किया" in html


def test_the_list_is_paginated_with_a_pinned_query_count(client, alice, django_assert_num_queries):
    _make(alice, 45)
    client.force_login(alice)
    client.get(reverse("notifications:list"))  # warm the session
    # session, user, count for the page, the page's rows, the bell's count
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:list") + "?page=2")
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 3
    with django_assert_num_queries(5):
        client.get(reverse("notifications:list") + "?page=3")


def test_an_empty_list_says_what_will_appear(client, alice):
    client.force_login(alice)
    assert "No notifications yet" in client.get(reverse("notifications:list")).content.decode()


def test_a_bad_page_number_is_no_error(client, alice):
    client.force_login(alice)
    assert client.get(reverse("notifications:list") + "?page=abc").status_code == 200


def test_the_owner_marks_one_read_and_opens_it(client, alice):
    (notification,) = _make(alice)
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/partners/introductions/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_rejects_other_organisations_marking_read(client, alice, bob):
    (notification,) = _make(alice)
    client.force_login(bob)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_rejects_anonymous_visitors(client, alice):
    (notification,) = _make(alice)
    for url in (
        reverse("notifications:list"),
        reverse("notifications:preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("notifications:read_all")).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_a_post(client, alice):
    (notification,) = _make(alice)
    client.force_login(alice)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_marking_read_needs_the_csrf_token(alice):
    from django.test import Client

    (notification,) = _make(alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(reverse("notifications:read_all")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_readers_own(client, alice, bob):
    _make(alice, 3)
    (bobs,) = _make(bob)
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")  # no open redirect
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    bobs.refresh_from_db()
    assert bobs.read_at is None


def test_preferences_are_saved_per_kind_and_used_for_new_notifications(client, alice):
    client.force_login(alice)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    data = {name: "in_app" for name in page.context["form"].fields}
    data["introduction_accepted"] = "email"
    data["savedsearch_hits"] = "digest"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert (
        dict(NotificationPreference.objects.filter(user=alice).values_list("kind", "channel"))[
            "introduction_accepted"
        ]
        == "email"
    )
    (notification,) = _make(alice)
    assert notification.channel == "email"


def test_an_unknown_channel_is_a_form_error_not_a_500(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("notifications:preferences"), {"introduction_accepted": "carrier-pigeon"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_preferences_of_one_person_do_not_change_anothers(client, alice, bob):
    client.force_login(bob)
    page = client.get(reverse("notifications:preferences"))
    data = {name: "email" for name in page.context["form"].fields}
    client.post(reverse("notifications:preferences"), data)
    (notification,) = _make(alice)
    assert notification.channel == "in_app"


def test_opening_never_redirects_off_the_site(client, alice):
    notification = Notification.objects.create(
        recipient=alice, kind="introduction_accepted", params=PARAMS, url="//evil.example/"
    )
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")
