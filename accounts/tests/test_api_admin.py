"""Organisation API, audit log page, and the read-only audit log in the Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditLog, User
from accounts.services import audit_record
from tests.factories import make_org, make_user


@pytest.mark.django_db
def test_it_lists_organisations_with_public_fields_only(api_client, alice, regulator):
    body = api_client.get("/api/v1/organisations/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert "member_count" in first
    assert "email" not in str(body)
    assert "verification_note" not in first


@pytest.mark.django_db
def test_it_filters_organisations(api_client, alice, bob, regulator):
    def names(query):
        body = api_client.get(f"/api/v1/organisations/?{query}").json()
        return {r["name_en"] for r in body["results"]}

    assert names("country=JP") == {"Bob Seimitsu"}
    assert names("kind=regulator") == {"Regulator Desk"}
    assert names("verified=true") == {"Regulator Desk"}


@pytest.mark.django_db
def test_it_shows_one_organisation_by_slug(api_client, alice_org):
    response = api_client.get(f"/api/v1/organisations/{alice_org.slug}/")
    assert response.json()["name_en"] == "Alice Auto Parts"


@pytest.mark.django_db
def test_it_pins_the_organisation_api_query_count(api_client, django_assert_num_queries):
    for n in range(5):
        org = make_org(name_en=f"Org {n}")
        make_user(f"m{n}@example.com", org)
    with django_assert_num_queries(2):  # count + page
        assert api_client.get("/api/v1/organisations/").status_code == 200


@pytest.mark.django_db
def test_it_refuses_organisation_writes_through_the_api(api_client, alice, alice_org):
    api_client.force_authenticate(alice)
    response = api_client.patch(f"/api/v1/organisations/{alice_org.slug}/", {"name_en": "X"})
    assert response.status_code == 405


@pytest.mark.django_db
def test_it_documents_the_accounts_api(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/organisations/" in schema
    assert "/api/v1/tokens/" in schema
    assert "tokenAuth" in schema


@pytest.mark.django_db
def test_it_shows_the_audit_log_to_admins_with_filters(mfa_login, client, admin_user, alice):
    audit_record(actor=admin_user, action="org.verify", target=alice.organisation)
    audit_record(actor=admin_user, action="forum.hide", reason="spam")
    mfa_login(client, admin_user)
    response = client.get(reverse("audit_log"), {"action": "org."})
    entries = list(response.context["page"])
    assert [e.action for e in entries] == ["org.verify"]


@pytest.mark.django_db
def test_it_names_audit_actions_in_the_readers_language(mfa_login, client, admin_user, alice):
    admin_user.language = "ja"
    admin_user.save(update_fields=["language"])
    audit_record(actor=admin_user, action="forum.post.hide", reason="spam")
    audit_record(actor=admin_user, action="org.verify", target=alice.organisation)
    mfa_login(client, admin_user)
    page = client.get(reverse("audit_log"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "投稿を非表示" in page and "組織を認証" in page
    assert ">forum.post.hide<" not in page


@pytest.mark.django_db
def test_it_refuses_the_audit_log_to_others(client, alice):
    client.force_login(alice)
    assert client.get(reverse("audit_log")).status_code == 403


@pytest.mark.django_db
def test_it_pins_the_audit_log_query_count(
    mfa_login, client, admin_user, django_assert_num_queries
):
    for n in range(5):
        audit_record(actor=admin_user, action=f"test.{n}")
    mfa_login(client, admin_user)
    client.get(reverse("audit_log"))
    with django_assert_num_queries(6):  # session, user, MFA check, count, page, the bell
        assert client.get(reverse("audit_log")).status_code == 200


@pytest.mark.django_db
def test_it_cannot_change_the_audit_log_through_the_admin(mfa_login, client, admin_user):
    entry = audit_record(actor=admin_user, action="org.verify", reason="original")
    mfa_login(client, admin_user)
    change_url = reverse("admin:accounts_auditlog_change", args=[entry.pk])
    assert client.get(reverse("admin:accounts_auditlog_add")).status_code == 403
    client.post(change_url, {"action": "tampered", "reason": "changed"})
    assert (
        client.post(reverse("admin:accounts_auditlog_delete", args=[entry.pk])).status_code == 403
    )
    entry.refresh_from_db()
    assert (entry.action, entry.reason) == ("org.verify", "original")
    assert AuditLog.objects.count() == 1


@pytest.mark.django_db
def test_it_lets_admins_keep_exchange_rates(mfa_login, client, admin_user):
    from forum.models import ExchangeRate

    mfa_login(client, admin_user)
    response = client.post(
        reverse("admin:forum_exchangerate_add"),
        {"base": "INR", "quote": "JPY", "rate": "1.78", "as_of": "2026-11-20"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get().created_by == admin_user


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["organisation", "user", "invitation", "auditlog"])
def test_it_opens_the_admin_lists(mfa_login, client, admin_user, alice, model):
    mfa_login(client, admin_user)
    assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


@pytest.mark.django_db
def test_it_opens_the_admin_person_forms(mfa_login, client, admin_user, alice):
    mfa_login(client, admin_user)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[alice.pk])).status_code == 200
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "added@example.com",
            "password1": "a-long-enough-secret-9",
            "password2": "a-long-enough-secret-9",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="added@example.com").exists()


@pytest.mark.django_db
def test_it_keeps_verification_out_of_the_admin_form(mfa_login, client, admin_user, regulator_org):
    mfa_login(client, admin_user)
    page = client.get(reverse("admin:accounts_organisation_change", args=[regulator_org.pk]))
    assert page.status_code == 200
    assert 'name="verification_status"' not in page.content.decode()
