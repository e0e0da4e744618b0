"""Unsubscribe links, preferences (page and API) and the admins' pages: who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from digests.models import Delivery, DigestRun
from digests.render import unsubscribe_token
from tests.factories import record_mfa_session


def unsubscribe_url(user) -> str:
    return reverse("digests:unsubscribe", args=[unsubscribe_token(user.pk)])


# --- unsubscribe ------------------------------------------------------------------------------
def test_it_unsubscribes_with_a_one_click_post_without_session_or_csrf(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_url(alice), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    alice.digest_preference.refresh_from_db()
    assert alice.digest_preference.frequency == "off"
    assert alice.digest_preference.unsubscribed_at is not None


def test_it_shows_a_confirmation_page_on_get_and_changes_nothing(alice):
    response = Client().get(unsubscribe_url(alice))
    assert response.status_code == 200
    assert b"alice@example.com" in response.content
    assert not hasattr(alice, "digest_preference") or alice.digest_preference.frequency != "off"
    from digests.models import DigestPreference

    assert not DigestPreference.objects.filter(user=alice, frequency="off").exists()


def test_it_refuses_a_tampered_unsubscribe_link(alice, bob):
    token = unsubscribe_token(alice.pk)
    forged = f"{bob.pk}:{token.split(':', 1)[1]}"
    response = Client(enforce_csrf_checks=True).post(reverse("digests:unsubscribe", args=[forged]))
    assert response.status_code == 400
    from digests.models import DigestPreference

    assert not DigestPreference.objects.filter(frequency="off").exists()


def test_it_keeps_csrf_on_the_preferences_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("digests:preferences"), {"frequency": "off"})
    assert response.status_code == 403


# --- preferences page -------------------------------------------------------------------------
def test_it_sends_anonymous_visitors_of_the_preferences_page_to_sign_in(db):
    response = Client().get(reverse("digests:preferences"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_saves_the_persons_own_preferences(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(
        reverse("digests:preferences"),
        {
            "frequency": "daily",
            "include_notices": "on",
            "countries": ["IN"],
            "regions": ["IN-PB"],
            "instruments": ["grant"],
        },
    )
    assert response.status_code == 302
    preference = alice.digest_preference
    preference.refresh_from_db()
    assert (preference.frequency, preference.regions) == ("daily", ["IN-PB"])
    assert preference.instruments == ["grant"] and not preference.include_windows


def test_it_rejects_a_region_it_does_not_know_with_a_form_error(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(
        reverse("digests:preferences"), {"frequency": "daily", "regions": ["XX-1"]}
    )
    assert response.status_code == 200
    assert "regions" in response.context["form"].errors


def test_it_defaults_filters_from_the_organisation(alice):
    client = Client()
    client.force_login(alice)
    client.get(reverse("digests:preferences"))
    alice.digest_preference.refresh_from_db()
    assert alice.digest_preference.countries == ["IN"]
    assert alice.digest_preference.regions == ["IN-PB"]


def test_it_defaults_sectors_from_the_persons_interests(alice):
    from taxonomy.models import Sector

    sector = Sector.objects.first()
    alice.sectors_of_interest.set([sector])
    client = Client()
    client.force_login(alice)
    client.get(reverse("digests:preferences"))
    assert list(alice.digest_preference.sectors.all()) == [sector]


# --- preferences API --------------------------------------------------------------------------
API = "/api/v1/digest-preferences/me/"


def test_it_refuses_the_api_to_anonymous_visitors(api_client, db):
    assert api_client.get(API).status_code in (401, 403)
    assert api_client.patch(API, {"frequency": "off"}, format="json").status_code in (401, 403)


def test_it_reads_and_changes_only_the_callers_own_preferences(api_client, alice, bob):
    api_client.force_authenticate(bob)
    response = api_client.patch(
        API, {"frequency": "daily", "sectors": [], "countries": ["JP"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["frequency"] == "daily"
    from digests.models import DigestPreference

    assert DigestPreference.objects.get(user=bob).frequency == "daily"
    assert not DigestPreference.objects.filter(user=alice, frequency="daily").exists()


def test_it_rejects_bad_api_input_with_field_errors(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.put(API, {"frequency": "hourly", "regions": ["XX"]}, format="json")
    assert response.status_code == 400
    body = response.content.decode()
    assert "frequency" in body and "regions" in body


def test_it_reads_the_preferences_api_in_a_fixed_number_of_queries(
    api_client, alice, django_assert_num_queries
):
    api_client.force_authenticate(alice)
    api_client.get(API)  # creates the row
    with django_assert_num_queries(2):  # preference, its sectors
        assert api_client.get(API).status_code == 200


def test_it_documents_the_preferences_api_in_the_schema(api_client, db):
    response = api_client.get("/api/v1/schema/") if False else None
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/digest-preferences/me/" in schema["paths"]
    del response


# --- admins -----------------------------------------------------------------------------------
def admin_client(user) -> Client:
    """A client whose session passed MFA (staff pages need that, not just MFA turned on)."""
    client = Client()
    record_mfa_session(client, user)
    return client


@pytest.mark.parametrize("name", ["digests:run_list", "digests:run_detail"])
def test_it_shows_runs_only_to_admins_with_mfa(name, alice, admin_user, db):
    from tests.factories import make_user

    run = DigestRun.objects.create(now=datetime(2026, 11, 23, tzinfo=UTC))
    url = reverse(name, args=[run.pk] if name.endswith("detail") else [])
    staff_without_mfa = make_user("staff@example.com", None, is_staff=True)
    assert admin_client(alice).get(url).status_code == 403
    assert admin_client(staff_without_mfa).get(url).status_code == 403
    assert Client().get(url).status_code in (302, 403)
    assert admin_client(admin_user).get(url).status_code == 200


def test_it_lists_runs_with_counts_in_a_fixed_number_of_queries(
    admin_user, alice, bob, django_assert_num_queries
):
    now = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
    for i in range(3):
        run = DigestRun.objects.create(now=now + timedelta(days=i))
        Delivery.objects.create(
            user=alice,
            kind="daily",
            period=(now + timedelta(days=i)).date(),
            run=run,
            status="sent",
            window_end=now,
        )
        Delivery.objects.create(
            user=bob,
            kind="daily",
            period=(now + timedelta(days=i)).date(),
            run=run,
            status="failed",
            window_end=now,
        )
    client = admin_client(admin_user)
    client.get(reverse("digests:run_list"))
    with django_assert_num_queries(6):  # session, user, MFA check, count, page, the bell
        response = client.get(reverse("digests:run_list"))
    page = list(response.context["page"])
    assert [(r.n_sent, r.n_failed, r.n_skipped) for r in page] == [(1, 1, 0)] * 3


def test_it_lets_an_admin_preview_anyones_next_digest(admin_user, alice, regulator_org):
    from django.utils import timezone

    from digests.tests.factories import publish_notice

    publish_notice(regulator_org, when=timezone.now() - timedelta(hours=1), title_en="Preview me")
    response = admin_client(admin_user).get(reverse("digests:preview", args=[alice.pk]))
    assert response.status_code == 200
    assert b"Preview me" in response.content
    from accounts.models import AuditLog

    assert AuditLog.objects.filter(action="digest.preview").exists()


def test_it_refuses_the_preview_to_other_people(alice, bob):
    assert admin_client(bob).get(reverse("digests:preview", args=[alice.pk])).status_code == 403
    assert Client().get(reverse("digests:preview", args=[alice.pk])).status_code in (302, 403)
