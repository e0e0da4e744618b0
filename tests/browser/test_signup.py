"""Browser: signup → email verification (link from the mail outbox) → sign in → onboarding.

Screenshots of every step go to artifacts/screenshots/<test name>/.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

PASSWORD = "a-long-enough-secret-9"


def _confirmation_path() -> str:
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_signup_verify_sign_in_and_onboard(page):
    from accounts.models import User

    page.goto("/")
    page.shots("home")
    page.click("main >> text=Join the forum")
    page.wait_for_selector("input[name=full_name]")
    page.shots("signup form")

    page.fill("input[name=full_name]", "Priya Nair")
    page.fill("input[name=email]", "priya@example.com")
    page.check("input[name=signup_kind][value=msme]")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/confirm-email/" in page.url
    page.shots("verification sent")

    page.goto(_confirmation_path())
    page.shots("confirm email")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.shots("email confirmed, sign in")

    page.goto("/accounts/login/")
    page.fill("input[name=login]", "priya@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/account/onboarding/")
    page.shots("onboarding")

    page.fill("input[name=name_en]", "Kochi Spice Processors")
    page.select_option("select[name=country]", "IN")
    page.select_option("select[name=region]", "IN-KL")
    page.fill("input[name=city]", "Kochi")
    page.fill("input[name=udyam_number]", "UDYAM-KL-07-0012345")
    page.fill("input[name=employees]", "35")
    page.fill("input[name=annual_turnover]", "80000000")
    page.fill("input[name=investment]", "20000000")
    page.click("main form button[type=submit]:has-text('Create organisation')")
    page.wait_for_url("**/account/organisation/")
    page.shots("organisation created")

    user = User.objects.select_related("organisation").get(email="priya@example.com")
    assert user.organisation.name_en == "Kochi Spice Processors"
    assert user.organisation.msme_class == "micro"
    assert user.org_role == "owner"

    page.click("header button[lang=ja]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.shots("organisation in Japanese")
    page.goto("/account/")
    page.shots("account page in Japanese")
    page.goto(f"/orgs/{user.organisation.slug}/")
    assert "零細" in page.content()  # MSME class "micro", in Japanese
    page.shots("public organisation page in Japanese")


@pytest.mark.django_db(transaction=True)
def test_signup_pages_in_japanese_and_hindi(page):
    page.goto("/accounts/signup/")
    page.click("header button[lang=ja]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "お名前" in page.content()
    page.shots("signup in Japanese")
    page.goto("/accounts/login/")
    page.shots("login in Japanese")
    page.click("header button[lang=hi]")
    page.wait_for_load_state("networkidle")
    assert "साइन इन" in page.content()
    page.shots("login in Hindi")


@pytest.mark.django_db(transaction=True)
def test_onboarding_shows_form_errors_for_a_bad_udyam_number(page):
    from tests.browser.helpers import sign_in
    from tests.factories import make_user

    make_user("nobody@example.com")
    sign_in(page, "nobody@example.com")
    page.goto("/account/onboarding/")
    page.fill("input[name=name_en]", "Typo Works")
    page.select_option("select[name=country]", "IN")
    page.select_option("select[name=region]", "IN-MH")
    page.fill("input[name=udyam_number]", "UDYAM-12")
    page.click("main form button[type=submit]:has-text('Create organisation')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_udyam_number.is-invalid").count() == 1
    page.shots("onboarding errors")


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


@pytest.mark.django_db(transaction=True)
def test_financier_follows_the_mfa_call_to_action(page):
    from accounts.permissions import has_mfa
    from tests.browser.helpers import sign_in
    from tests.factories import make_org, make_user

    org = make_org(name_en="Coastal Bank", kind="financier", region="IN-MH", verified=True)
    user = make_user("banker@example.com", org)
    sign_in(page, "banker@example.com")
    page.goto("/account/")
    page.shots("account with MFA call to action")
    page.click("main a:has-text('Set up two-factor authentication')")
    page.wait_for_load_state("networkidle")
    if page.locator("main input[name=password]").count():  # allauth asks to confirm access
        page.shots("confirm access")
        page.fill("main input[name=password]", "correct-horse-battery")
        page.click("main form button[type=submit]")
    page.wait_for_selector("#authenticator_secret")
    page.shots("activate authenticator app")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", _totp_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.shots("recovery codes")
    assert has_mfa(user)
    page.goto("/account/")
    assert page.locator("main a:has-text('Set up two-factor authentication')").count() == 0
    page.shots("account with MFA on")
    page.goto("/accounts/2fa/")
    page.shots("two-factor overview")
    page.goto("/accounts/email/")
    page.shots("email addresses")
    page.goto("/accounts/password/change/")
    page.shots("change password")


@pytest.mark.django_db(transaction=True)
def test_admin_approves_a_financier_in_the_queue(page):
    from accounts.demo import DEMO_TOTP_SECRET
    from accounts.models import Verification
    from tests.browser.helpers import sign_in
    from tests.factories import make_org, make_user

    org = make_org(name_en="Hill State Finance", kind="financier", region="IN-HP")
    make_user("applicant@example.com", org)
    make_user("root@example.com", mfa=True, is_staff=True, is_superuser=True)
    sign_in(page, "root@example.com", totp_secret=DEMO_TOTP_SECRET)
    page.goto("/account/verification/")
    page.shots("verification queue")
    # The reason is required: the browser refuses to send the rejection without one.
    assert page.locator("main textarea[required]").count() == 1
    page.click("main button[value=approve]")
    page.wait_for_load_state("networkidle")
    page.shots("approved")
    org.refresh_from_db()
    assert org.verification_status == Verification.VERIFIED
    page.goto("/account/audit/")
    page.shots("audit log")
    assert "org.verify" in page.content()


@pytest.mark.django_db(transaction=True)
def test_owner_invites_a_colleague_who_signs_up_and_joins(page):
    from accounts.models import User
    from tests.browser.helpers import sign_in
    from tests.factories import make_org, make_user

    org = make_org(name_en="Pune Gearworks", region="IN-MH")
    make_user("owner@example.com", org, full_name="Owner")
    sign_in(page, "owner@example.com")
    page.goto("/account/organisation/")
    page.fill("main input[name=email]", "colleague@example.com")
    page.click("main button:has-text('Send invitation')")
    page.wait_for_load_state("networkidle")
    page.shots("invitation sent")
    link = re.search(r"https?://\S+/account/invitations/\S+/", mail.outbox[-1].body).group(0)
    invitation_path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.click("header button:has-text('Sign out')")
    page.wait_for_load_state("networkidle")

    page.goto(invitation_path)
    page.shots("invitation for a visitor")
    page.click("main a:has-text('Sign up')")
    page.fill("input[name=full_name]", "Colleague")
    page.fill("input[name=email]", "colleague@example.com")
    page.check("input[name=signup_kind][value=msme]")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(_confirmation_path())
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "colleague@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/account/onboarding/")
    page.shots("onboarding offers the invitation")
    page.click("main button:has-text('Join this organisation')")
    page.wait_for_url("**/account/organisation/")
    page.shots("joined")
    colleague = User.objects.get(email="colleague@example.com")
    assert (colleague.organisation_id, colleague.org_role) == (org.pk, "member")
