"""API tokens: created and revoked on the account page and through the API; hashed at rest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import ApiToken


def _create(client, name="Nightly sync"):
    client.post(reverse("account_token_create"), {"name": name})
    return client.get(reverse("account_home")).context["new_token_key"]


@pytest.mark.django_db
def test_it_creates_a_token_shown_once_and_stored_hashed(client, alice):
    client.force_login(alice)
    key = _create(client)
    assert key
    token = ApiToken.objects.get(user=alice)
    assert key not in (token.key_hash, token.prefix)
    assert client.get(reverse("account_home")).context["new_token_key"] is None


@pytest.mark.django_db
def test_it_authenticates_api_requests_with_the_token(client, api_client, alice):
    client.force_login(alice)
    key = _create(client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"


@pytest.mark.django_db
def test_it_refuses_a_revoked_token(client, api_client, alice):
    client.force_login(alice)
    key = _create(client)
    token = ApiToken.objects.get()
    client.post(reverse("account_token_revoke", args=[token.pk]))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "revoked" in str(response.json())


@pytest.mark.django_db
def test_it_refuses_to_revoke_another_persons_token(client, alice, bob):
    client.force_login(alice)
    _create(client)
    token = ApiToken.objects.get()
    client.force_login(bob)
    assert client.post(reverse("account_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_it_refuses_duplicate_token_names(client, alice):
    client.force_login(alice)
    _create(client)
    response = client.post(reverse("account_token_create"), {"name": "Nightly sync"})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_it_manages_tokens_through_the_api(api_client, alice, bob):
    api_client.force_authenticate(alice)
    created = api_client.post("/api/v1/tokens/", {"name": "CI"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert api_client.get("/api/v1/tokens/").json()["count"] == 1
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/tokens/").json()["count"] == 0
    assert api_client.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 404
    api_client.force_authenticate(None)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 204
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_it_refuses_anonymous_token_creation(api_client):
    response = api_client.post("/api/v1/tokens/", {"name": "x"})
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_it_gives_field_errors_for_a_blank_token_name(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/tokens/", {"name": ""})
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_pins_the_token_list_query_count(api_client, alice, django_assert_num_queries):
    from accounts.services import api_token_create

    for n in range(4):
        api_token_create(user=alice, name=f"token {n}")
    api_client.force_authenticate(alice)
    with django_assert_num_queries(2):  # count + page
        assert api_client.get("/api/v1/tokens/").json()["count"] == 4
