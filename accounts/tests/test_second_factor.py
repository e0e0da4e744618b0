"""Staff powers follow the session's second factor, not the account's MFA setting.

The Django admin's login goes through allauth, a password alone reaches no staff page, and an API
token carries staff powers only when a staff member created it in a session that passed MFA.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.factories import enable_mfa

PASSWORD = "correct-horse-battery"


def staff_pages(admin_user) -> list[str]:
    return [
        "/admin/",
        "/admin/accounts/user/",
        "/forum/moderation/",
        "/account/verification/",
        "/account/audit/",
        "/partners/runs/",
        "/digests/runs/",
        f"/digests/preview/{admin_user.pk}/",
        "/api/v1/forum/moderation/queue/",
        "/api/v1/match-runs/",
    ]


def assert_no_staff_page(client, admin_user) -> None:
    for url in staff_pages(admin_user):
        response = client.get(url)
        assert response.status_code in (302, 401, 403), (url, response.status_code)
        if response.status_code == 302:
            assert (
                "/accounts/login/" in response["Location"]
                or "/admin/login/" in (response["Location"])
            ), (url, response["Location"])
    response = client.post("/api/v1/tokens/", {"name": "lasting"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.filter(user=admin_user).exists()


def _code() -> str:
    """The current code. allauth refuses a code already used (kept in the cache), and a new
    test database reuses authenticator ids, so a re-run within the period must start clean."""
    from django.core.cache import cache

    cache.clear()
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


@pytest.mark.django_db
def test_it_sends_the_admin_login_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_it_does_not_sign_in_with_a_password_posted_to_the_admin_login(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert_no_staff_page(client, admin_user)


@pytest.mark.django_db
def test_it_stops_a_password_only_allauth_login_at_the_code_step(client, admin_user):
    response = client.post(
        reverse("account_login"), {"login": admin_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert_no_staff_page(client, admin_user)


@pytest.mark.django_db
def test_it_opens_staff_pages_after_password_and_code(client, admin_user):
    client.post(reverse("account_login"), {"login": admin_user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": _code()})
    assert response.status_code == 302
    for url in staff_pages(admin_user):
        assert client.get(url).status_code == 200, url
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/accounts/user/"


@pytest.mark.django_db
def test_it_refuses_staff_pages_to_a_session_without_the_second_factor(client, admin_user):
    client.force_login(admin_user)  # e.g. a session from before MFA was turned on
    assert_no_staff_page(client, admin_user)
    response = client.get("/admin/login/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_refuses_staff_pages_to_members_and_anonymous(client, alice, admin_user, mfa_login):
    assert_no_staff_page(client, admin_user)
    mfa_login(client, alice)
    for url in staff_pages(admin_user):
        assert client.get(url).status_code in (302, 403), url


@pytest.mark.django_db
def test_it_gives_staff_powers_only_to_tokens_created_for_them(
    client, api_client, alice, admin_user, mfa_login
):
    # Created while alice was not staff: promoting her later does not arm the token.
    _token, plain_key = api_token_create(user=alice, name="script")
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    enable_mfa(alice)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {plain_key}")
    assert api_client.get("/api/v1/forum/moderation/queue/").status_code == 403
    assert api_client.get("/api/v1/match-runs/").status_code == 403

    mfa_login(client, admin_user)
    response = client.post("/api/v1/tokens/", {"name": "ops"}, content_type="application/json")
    assert response.status_code == 201
    assert ApiToken.objects.get(user=admin_user, name="ops").grants_staff
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['key']}")
    assert api_client.get("/api/v1/forum/moderation/queue/").status_code == 200


@pytest.mark.django_db
def test_it_never_shows_authenticator_secrets_in_the_admin(client, admin_user, mfa_login):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(admin_user)
    totp = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
    mfa_login(client, admin_user)
    for authenticator in (totp, codes.instance):
        url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert DEMO_TOTP_SECRET not in page
        assert str(authenticator.data)[:20] not in page
        assert "seed" not in page
        for code in codes.get_unused_codes():
            assert code not in page
        assert client.post(url, {"type": "totp", "data": "{}"}).status_code == 403


@pytest.mark.django_db
def test_it_keeps_moderation_fields_read_only_in_the_admin(client, admin_user, alice, mfa_login):
    mfa_login(client, admin_user)
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    form = client.get(url).context["adminform"].form
    for name in ("is_staff", "is_superuser", "silenced_until", "suspended_until"):
        assert name not in form.fields, name
    data = {
        "email": alice.email,
        "full_name": "Alice",
        "language": "en",
        "timezone": "Asia/Kolkata",
        "organisation": alice.organisation_id,
        "org_role": "owner",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "suspended_until_0": "2099-01-01",
        "suspended_until_1": "00:00:00",
    }
    client.post(url, data)
    alice.refresh_from_db()
    assert not alice.is_staff
    assert not alice.is_superuser
    assert alice.suspended_until is None
