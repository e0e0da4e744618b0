"""Introductions: request, accept, decline, expiry, daily limit, one open request per pair."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from matchmaking import services
from matchmaking.models import Introduction
from matchmaking.tasks import introduction_notify, introductions_expire
from taxonomy.models import PartnershipType

pytestmark = pytest.mark.django_db


@pytest.fixture
def tech(db):
    return PartnershipType.objects.get(slug="technology-transfer")


@pytest.fixture
def request_from_bob(bob, alice_profile, bob_profile, tech):
    return services.introduction_request(
        by_user=bob, profile=alice_profile, partnership_type=tech, message="Let us talk."
    )


def test_it_creates_a_pending_request_that_expires_in_14_days(request_from_bob, bob, alice):
    intro = request_from_bob
    assert intro.status == "pending"
    assert intro.from_organisation == bob.organisation
    assert intro.to_organisation == alice.organisation
    assert timedelta(days=13, hours=23) < intro.expires_at - timezone.now() <= timedelta(days=14)


def test_it_lets_the_recipient_accept(request_from_bob, alice):
    intro = services.introduction_accept(introduction=request_from_bob, by_user=alice)
    assert intro.status == "accepted" and intro.responded_by == alice


def test_it_lets_the_recipient_decline_with_a_reason(request_from_bob, alice):
    intro = services.introduction_decline(
        introduction=request_from_bob, by_user=alice, reason="Too early for us"
    )
    assert intro.status == "declined" and intro.decline_reason == "Too early for us"


def test_it_refuses_the_requester_answering_its_own_request(request_from_bob, bob):
    with pytest.raises(PermissionDenied):
        services.introduction_accept(introduction=request_from_bob, by_user=bob)


def test_it_refuses_a_third_organisation_answering(request_from_bob, carol):
    with pytest.raises(PermissionDenied):
        services.introduction_accept(introduction=request_from_bob, by_user=carol)
    with pytest.raises(PermissionDenied):
        services.introduction_decline(introduction=request_from_bob, by_user=carol)


def test_it_refuses_answering_twice(request_from_bob, alice):
    services.introduction_accept(introduction=request_from_bob, by_user=alice)
    with pytest.raises(ValidationError):
        services.introduction_decline(introduction=request_from_bob, by_user=alice)


def test_it_refuses_a_second_open_request_between_the_same_pair(
    request_from_bob, alice, bob_profile, tech
):
    with pytest.raises(ValidationError):
        services.introduction_request(
            by_user=alice, profile=bob_profile, partnership_type=tech, message="And back?"
        )
    assert Introduction.objects.count() == 1


def test_it_allows_a_new_request_after_a_decline(request_from_bob, alice, bob, alice_profile, tech):
    services.introduction_decline(introduction=request_from_bob, by_user=alice)
    again = services.introduction_request(
        by_user=bob, profile=alice_profile, partnership_type=tech, message="Second try"
    )
    assert again.status == "pending"


def test_it_refuses_requests_to_your_own_organisation(alice, alice_profile, tech):
    with pytest.raises(PermissionDenied):
        services.introduction_request(
            by_user=alice, profile=alice_profile, partnership_type=tech, message="Me"
        )


def test_it_requires_a_profile_before_requesting(carol, alice_profile, tech):
    with pytest.raises(PermissionDenied):
        services.introduction_request(
            by_user=carol, profile=alice_profile, partnership_type=tech, message="Hi"
        )


def test_it_requires_a_message(bob, alice_profile, bob_profile, tech):
    with pytest.raises(ValidationError):
        services.introduction_request(
            by_user=bob, profile=alice_profile, partnership_type=tech, message="   "
        )


def test_it_limits_requests_per_organisation_per_day(settings, bob, bob_profile, tech):
    from matchmaking.tests.factories import make_profile
    from tests.factories import make_org

    settings.MATCHMAKING_MAX_INTRO_REQUESTS_PER_DAY = 2
    targets = [make_profile(make_org(name_en=f"Target {i}")) for i in range(3)]
    for profile in targets[:2]:
        services.introduction_request(
            by_user=bob, profile=profile, partnership_type=tech, message="Hi"
        )
    with translation.override("en"), pytest.raises(ValidationError, match="limit of 2"):
        services.introduction_request(
            by_user=bob, profile=targets[2], partnership_type=tech, message="Hi"
        )
    Introduction.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    services.introduction_request(
        by_user=bob, profile=targets[2], partnership_type=tech, message="Next day"
    )


def test_it_expires_old_requests_with_the_periodic_task(request_from_bob):
    Introduction.objects.filter(pk=request_from_bob.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert introductions_expire.delay().get() == 1
    request_from_bob.refresh_from_db()
    assert request_from_bob.status == "expired"
    assert introductions_expire.delay().get() == 0  # idempotent


def test_it_leaves_fresh_and_answered_requests_alone_when_expiring(request_from_bob, alice):
    services.introduction_accept(introduction=request_from_bob, by_user=alice)
    Introduction.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert introductions_expire.delay().get() == 0
    request_from_bob.refresh_from_db()
    assert request_from_bob.status == "accepted"


def test_it_refuses_accepting_an_expired_request(request_from_bob, alice):
    Introduction.objects.filter(pk=request_from_bob.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        services.introduction_accept(introduction=request_from_bob, by_user=alice)
    request_from_bob.refresh_from_db()
    assert request_from_bob.status == "pending"  # until the periodic task marks it expired


def test_it_mails_the_recipients_in_their_language_on_commit(
    alice,
    bob,
    alice_colleague,
    alice_profile,
    bob_profile,
    tech,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.introduction_request(
            by_user=bob, profile=alice_profile, partnership_type=tech, message="Hi"
        )
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice2@example.com", "alice@example.com"]
    assert "Bob Seimitsu" in mail.outbox[0].subject


def test_it_mails_each_event_once_even_if_the_task_runs_again(request_from_bob, alice):
    assert introduction_notify.delay(request_from_bob.pk, "requested").get() == 1
    assert introduction_notify.delay(request_from_bob.pk, "requested").get() == 0
    assert len(mail.outbox) == 1


def test_it_mails_the_requester_on_decline(
    request_from_bob, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_decline(introduction=request_from_bob, by_user=alice, reason="No")
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert "辞退" in mail.outbox[0].subject  # bob reads Japanese
    assert "No" in mail.outbox[0].body


def test_it_records_answers_in_the_audit_log(request_from_bob, alice):
    from accounts.models import AuditLog

    services.introduction_accept(introduction=request_from_bob, by_user=alice)
    assert AuditLog.objects.filter(action="introduction.accept", actor=alice).exists()


# ---------------------------------------------------------------- HTML


def test_it_requests_an_introduction_through_the_page(
    client, bob, alice_profile, bob_profile, tech
):
    client.force_login(bob)
    url = f"/partners/org/{alice_profile.organisation.slug}/introduce/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"partnership_type": tech.pk, "message": "Hello from Osaka"})
    assert response.status_code == 302
    assert Introduction.objects.get().message == "Hello from Osaka"


def test_it_shows_form_errors_for_a_duplicate_request_in_html(
    client, request_from_bob, bob, alice_profile, tech
):
    client.force_login(bob)
    url = f"/partners/org/{alice_profile.organisation.slug}/introduce/"
    response = client.post(url, {"partnership_type": tech.pk, "message": "Again"})
    assert response.status_code == 200
    assert "すでに返答待ちの紹介依頼があります" in response.content.decode()  # bob reads Japanese
    assert Introduction.objects.count() == 1


def test_it_sends_anonymous_visitors_to_sign_in_before_requesting(client, alice_profile, tech):
    url = f"/partners/org/{alice_profile.organisation.slug}/introduce/"
    response = client.post(url, {"partnership_type": tech.pk, "message": "Hello"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Introduction.objects.exists()


def test_it_accepts_through_the_page_only_for_the_recipient(
    client, request_from_bob, alice, bob, carol
):
    url = f"/partners/introductions/{request_from_bob.pk}/accept/"
    client.force_login(carol)
    assert client.post(url).status_code == 403
    client.force_login(bob)
    assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302  # to sign in
    request_from_bob.refresh_from_db()
    assert request_from_bob.status == "pending"
    client.force_login(alice)
    assert client.post(url).status_code == 302
    request_from_bob.refresh_from_db()
    assert request_from_bob.status == "accepted"


def test_it_declines_through_the_page_only_for_the_recipient(client, request_from_bob, alice, bob):
    url = f"/partners/introductions/{request_from_bob.pk}/decline/"
    client.force_login(bob)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(alice)
    client.post(url, {"reason": "Busy season"})
    request_from_bob.refresh_from_db()
    assert (request_from_bob.status, request_from_bob.decline_reason) == ("declined", "Busy season")


def test_it_lists_received_requests_with_answer_buttons(client, request_from_bob, alice):
    client.force_login(alice)
    html = client.get("/partners/introductions/").content.decode()
    assert "Let us talk." in html and "Accept" in html


# ---------------------------------------------------------------- API


def test_it_creates_introductions_through_the_api(api_client, bob, alice_profile, bob_profile):
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/introductions/",
        {"profile": alice_profile.pk, "partnership_type": "joint-venture", "message": "Hi"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"


def test_it_returns_400_for_a_duplicate_api_request(
    api_client, request_from_bob, bob, alice_profile
):
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/introductions/",
        {"profile": alice_profile.pk, "partnership_type": "joint-venture", "message": "Again"},
        format="json",
    )
    assert response.status_code == 400
    assert Introduction.objects.count() == 1


def test_it_refuses_anonymous_api_introductions(api_client, alice_profile):
    response = api_client.post(
        "/api/v1/introductions/",
        {"profile": alice_profile.pk, "partnership_type": "joint-venture", "message": "Hi"},
        format="json",
    )
    assert response.status_code in (401, 403)
    assert api_client.get("/api/v1/introductions/").status_code in (401, 403)


def test_it_hides_invisible_profiles_from_api_requests(api_client, bob, alice_profile, bob_profile):
    alice_profile.visibility = "hidden"
    alice_profile.save()
    api_client.force_authenticate(bob)
    response = api_client.post(
        "/api/v1/introductions/",
        {"profile": alice_profile.pk, "partnership_type": "joint-venture", "message": "Hi"},
        format="json",
    )
    assert response.status_code == 404
    assert not Introduction.objects.exists()


def test_it_accepts_and_declines_through_the_api_only_for_the_recipient(
    api_client, request_from_bob, alice, bob, carol
):
    url = f"/api/v1/introductions/{request_from_bob.pk}/accept/"
    api_client.force_authenticate(carol)
    assert api_client.post(url).status_code == 404  # not one of carol's introductions
    api_client.force_authenticate(bob)
    assert api_client.post(url).status_code == 403
    api_client.force_authenticate(alice)
    response = api_client.post(url)
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = api_client.post(
        f"/api/v1/introductions/{request_from_bob.pk}/decline/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 400  # already answered


def test_it_lists_sent_and_received_introductions_in_the_api(
    api_client, request_from_bob, alice, bob
):
    api_client.force_authenticate(alice)
    assert api_client.get("/api/v1/introductions/?direction=received").json()["count"] == 1
    assert api_client.get("/api/v1/introductions/?direction=sent").json()["count"] == 0
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/introductions/?direction=sent").json()["count"] == 1
