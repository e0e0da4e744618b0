"""Signup (name + role, mandatory email verification) and onboarding."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, OrgRole, User, Verification
from tests.factories import make_user

PASSWORD = "a-long-enough-secret-9"


def _signup(client, email="newbie@example.com", kind="msme"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": email,
            "signup_kind": kind,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def _verify_from_mail(client) -> None:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)


def _org_data(**overrides):
    data = {
        "name_en": "Pune Gears",
        "kind": "msme",
        "country": "IN",
        "region": "IN-MH",
        "city": "Pune",
        "udyam_number": "UDYAM-MH-26-1234567",
        "founded_year": "2001",
        "employees": "40",
        "annual_turnover": "50000000",
        "turnover_currency": "INR",
        "investment": "10000000",
        "investment_currency": "INR",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_asks_for_name_and_role_and_requires_email_verification(client):
    response = _signup(client, kind="regulator")
    assert response.status_code == 302
    user = User.objects.get(email="newbie@example.com")
    assert user.full_name == "New Person"
    assert user.signup_kind == "regulator"
    assert len(mail.outbox) == 1
    # Not signed in until the address is verified.
    assert client.get(reverse("account_home")).status_code == 302
    login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "verification" in login.url or "confirm" in login.url


@pytest.mark.django_db
def test_it_keeps_the_language_the_visitor_signed_up_in(client):
    client.cookies["portal_language"] = "hi"
    _signup(client)
    assert User.objects.get(email="newbie@example.com").language == "hi"


@pytest.mark.django_db
def test_it_sends_a_verified_newcomer_to_onboarding(client):
    _signup(client)
    _verify_from_mail(client)
    response = client.post(
        reverse("account_login"), {"login": "newbie@example.com", "password": PASSWORD}
    )
    assert response.url == reverse("onboarding")


@pytest.mark.django_db
def test_it_sends_people_without_organisation_to_onboarding_from_pages_that_need_one(client):
    user = make_user("lonely@example.com")
    client.force_login(user)
    response = client.get(reverse("account_organisation"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("onboarding"))


@pytest.mark.django_db
def test_it_creates_the_organisation_and_makes_the_person_owner(client):
    user = make_user("owner@example.com")
    client.force_login(user)
    response = client.post(reverse("onboarding"), _org_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.organisation.name_en == "Pune Gears"
    assert user.org_role == OrgRole.OWNER
    assert user.organisation.msme_class == "micro"
    assert user.timezone == "Asia/Kolkata"


@pytest.mark.django_db
def test_it_defaults_the_time_zone_from_a_japanese_country(client):
    user = make_user("osaka@example.com")
    client.force_login(user)
    client.post(
        reverse("onboarding"),
        _org_data(
            name_en="Osaka Tools",
            country="JP",
            region="JP-27",
            city="Osaka",
            udyam_number="",
            corporate_number="7000012050002",
            turnover_currency="JPY",
            investment="",
        ),
    )
    user.refresh_from_db()
    assert user.organisation.country == "JP"
    assert user.timezone == "Asia/Tokyo"


@pytest.mark.django_db
def test_it_rejects_a_bad_udyam_number_with_a_form_error(client):
    user = make_user("typo@example.com")
    client.force_login(user)
    response = client.post(reverse("onboarding"), _org_data(udyam_number="UDYAM-XX-1-12"))
    assert response.status_code == 400
    assert "udyam_number" in response.context["form"].errors
    assert not Organisation.objects.filter(name_en="Pune Gears").exists()


@pytest.mark.django_db
def test_it_rejects_a_bad_corporate_number_with_a_form_error(client):
    user = make_user("typo-jp@example.com")
    client.force_login(user)
    response = client.post(
        reverse("onboarding"),
        _org_data(country="JP", region="JP-13", udyam_number="", corporate_number="1000012050002"),
    )
    assert response.status_code == 400
    assert "corporate_number" in response.context["form"].errors


@pytest.mark.django_db
def test_it_rejects_a_region_of_the_other_country(client):
    user = make_user("region@example.com")
    client.force_login(user)
    response = client.post(reverse("onboarding"), _org_data(region="JP-27"))
    assert response.status_code == 400
    assert "region" in response.context["form"].errors


@pytest.mark.django_db
def test_it_refuses_an_oversized_logo(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = make_user("logo@example.com")
    client.force_login(user)
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png")
    response = client.post(reverse("onboarding"), {**_org_data(), "logo": big})
    assert response.status_code == 400
    assert "logo" in response.context["form"].errors


@pytest.mark.django_db
def test_it_starts_regulators_pending_and_shows_a_banner(client):
    user = make_user("reg-new@example.com", signup_kind="regulator")
    client.force_login(user)
    client.post(
        reverse("onboarding"),
        _org_data(name_en="State Desk", kind="regulator", udyam_number="", region="IN-KA"),
    )
    user.refresh_from_db()
    assert user.organisation.verification_status == Verification.PENDING
    page = client.get(reverse("account_organisation")).content.decode()
    assert "Awaiting verification" in page
    assert "Turn on two-factor authentication" in page


@pytest.mark.django_db
def test_it_allows_one_organisation_per_person(client, alice):
    client.force_login(alice)
    response = client.get(reverse("onboarding"))
    assert response.status_code == 302
    assert response.url == reverse("account_organisation")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "needle"),
    [
        ("/accounts/login/", "ja", "ログインしたままにする"),
        ("/accounts/login/", "hi", "मुझे याद रखें"),
        ("/accounts/signup/", "ja", "ユーザー登録"),
        ("/accounts/signup/", "hi", "साइन अप करें"),
        ("/accounts/password/reset/", "ja", "パスワードの再設定"),
        ("/accounts/password/reset/", "hi", "पासवर्ड रीसेट"),
    ],
)
def test_it_styles_and_translates_allauth_pages(client, url, language, needle):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'class="form-control' in page
    assert f'lang="{language}"' in page
    assert "btn btn-primary" in page
    assert needle in page


@pytest.mark.django_db
def test_it_translates_the_signup_page_into_hindi(client):
    page = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert "आपका नाम" in page


@pytest.mark.django_db
def test_it_sends_the_confirmation_mail_in_the_visitors_language(client):
    client.cookies["portal_language"] = "hi"
    _signup(client)
    assert "कृपया अपने ईमेल पते की पुष्टि करें" in mail.outbox[0].subject


@pytest.mark.django_db
def test_it_keeps_the_language_chosen_on_the_sign_in_page(client, alice):
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.post(reverse("set_language"), {"language": "hi", "next": reverse("account_login")})
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "hi"
    assert client.get("/").headers["Content-Language"] == "hi"


@pytest.mark.django_db
def test_the_mail_subject_carries_the_brand_in_the_visitors_language(client):
    client.cookies["portal_language"] = "ja"
    _signup(client)
    subject = mail.outbox[0].subject
    assert subject.startswith("[日印中小企業フォーラム] ")
    assert subject == subject.strip() and "  " not in subject
