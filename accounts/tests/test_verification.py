"""The verification queue, the verification rule and the MFA rule."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AuditLog, Verification
from accounts.permissions import check_can_moderate, check_can_publish
from tests.factories import make_org, make_user


@pytest.fixture
def pending_org(db):
    return make_org(name_en="New Bank", kind="financier", country="IN", region="IN-MH")


@pytest.fixture
def applicant(pending_org):
    return make_user("applicant@example.com", pending_org, mfa=True)


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def _approve(client, org):
    with _capture(execute=True):
        return client.post(reverse("verification_decide", args=[org.pk]), {"decision": "approve"})


def _reject(client, org, reason="We could not confirm the licence."):
    with _capture(execute=True):
        return client.post(
            reverse("verification_decide", args=[org.pk]),
            {"decision": "reject", f"org{org.pk}-reason": reason},
        )


@pytest.mark.django_db
def test_it_lists_pending_organisations_for_admins(
    mfa_login, client, admin_user, applicant, pending_org
):
    mfa_login(client, admin_user)
    page = client.get(reverse("verification_queue")).content.decode()
    assert "New Bank" in page
    assert "applicant@example.com" in page


@pytest.mark.django_db
def test_it_approves_mails_and_audits(mfa_login, client, admin_user, applicant, pending_org):
    mfa_login(client, admin_user)
    assert _approve(client, pending_org).status_code == 302
    pending_org.refresh_from_db()
    assert pending_org.verification_status == Verification.VERIFIED
    assert pending_org.verified_by == admin_user
    assert AuditLog.objects.filter(action="org.verify", actor=admin_user).exists()
    assert [m.to for m in mail.outbox] == [["applicant@example.com"]]
    assert "verified" in mail.outbox[0].subject


@pytest.mark.django_db
def test_it_rejects_with_a_reason_mails_and_audits(
    mfa_login, client, admin_user, applicant, pending_org
):
    mfa_login(client, admin_user)
    _reject(client, pending_org)
    pending_org.refresh_from_db()
    assert pending_org.verification_status == Verification.REJECTED
    entry = AuditLog.objects.get(action="org.reject")
    assert entry.reason == "We could not confirm the licence."
    assert "We could not confirm the licence." in mail.outbox[0].body


@pytest.mark.django_db
def test_it_requires_a_reason_to_reject(mfa_login, client, admin_user, applicant, pending_org):
    mfa_login(client, admin_user)
    response = _reject(client, pending_org, reason="")
    assert response.status_code == 400
    pending_org.refresh_from_db()
    assert pending_org.verification_status == Verification.PENDING
    assert not mail.outbox


@pytest.mark.django_db
def test_it_refuses_the_queue_to_the_applicant(client, applicant, pending_org):
    client.force_login(applicant)
    assert client.get(reverse("verification_queue")).status_code == 403
    assert _approve(client, pending_org).status_code == 403
    pending_org.refresh_from_db()
    assert pending_org.verification_status == Verification.PENDING


@pytest.mark.django_db
def test_it_refuses_the_queue_to_another_organisation(client, alice, pending_org):
    client.force_login(alice)
    assert _approve(client, pending_org).status_code == 403


@pytest.mark.django_db
def test_it_refuses_the_queue_to_anonymous_visitors(client, pending_org):
    response = _approve(client, pending_org)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    pending_org.refresh_from_db()
    assert pending_org.verification_status == Verification.PENDING


@pytest.mark.django_db
def test_it_refuses_the_queue_to_an_admin_without_mfa(client, pending_org):
    admin = make_user("nomfa-admin@example.com", is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("verification_queue")).status_code == 403
    assert _approve(client, pending_org).status_code == 403


@pytest.mark.django_db
def test_it_pins_the_queue_query_count(mfa_login, client, admin_user, django_assert_num_queries):
    for n in range(3):
        org = make_org(name_en=f"Bank {n}", kind="financier", region="IN-MH")
        make_user(f"bank{n}@example.com", org)
    mfa_login(client, admin_user)
    client.get(reverse("verification_queue"))  # warm the session
    # session, user, MFA check, count, page of orgs, their members
    with django_assert_num_queries(7):  # + the bell's unread count
        assert client.get(reverse("verification_queue")).status_code == 200


@pytest.mark.django_db
def test_it_does_not_let_an_unverified_regulator_publish(db):
    org = make_org(name_en="Unverified Desk", kind="regulator", region="IN-DL")
    user = make_user("unverified@example.com", org, mfa=True)
    with pytest.raises(PermissionDenied, match="not verified"):
        check_can_publish(user)


@pytest.mark.django_db
def test_it_does_not_let_a_publisher_without_mfa_publish(regulator_org):
    user = make_user("nomfa@example.com", regulator_org)
    with pytest.raises(PermissionDenied, match="two-factor"):
        check_can_publish(user)


@pytest.mark.django_db
def test_it_lets_a_verified_publisher_with_mfa_publish(regulator):
    assert check_can_publish(regulator) == regulator.organisation


@pytest.mark.django_db
def test_it_does_not_let_a_moderator_without_mfa_moderate(db):
    admin = make_user("nomfa-mod@example.com", is_staff=True)
    with pytest.raises(PermissionDenied, match="two-factor"):
        check_can_moderate(admin)


@pytest.mark.django_db
def test_it_lets_an_admin_with_mfa_moderate(admin_user):
    check_can_moderate(admin_user)


@pytest.mark.django_db
def test_it_shows_the_mfa_call_to_action_to_financiers_without_mfa(client, financier_org):
    user = make_user("fin2@example.com", financier_org)
    client.force_login(user)
    page = client.get(reverse("account_home")).content.decode()
    assert reverse("mfa_activate_totp") in page


@pytest.mark.django_db
def test_it_does_not_nag_msmes_about_mfa(client, alice):
    client.force_login(alice)
    page = client.get(reverse("account_home")).content.decode()
    assert reverse("mfa_activate_totp") not in page


@pytest.mark.django_db
def test_it_shows_the_verified_badge_on_the_public_page(client, regulator_org):
    page = client.get(reverse("organisation_detail", args=[regulator_org.slug])).content.decode()
    assert "badge-verified" in page


@pytest.mark.django_db
def test_it_shows_the_mfa_call_to_action_on_the_home_page(client, regulator_org):
    user = make_user("reg2@example.com", regulator_org)
    client.force_login(user)
    assert reverse("mfa_activate_totp") in client.get("/").content.decode()


@pytest.mark.django_db
def test_it_puts_a_corrected_organisation_back_in_the_queue(
    mfa_login, client, admin_user, applicant, pending_org
):
    mfa_login(client, admin_user)
    _reject(client, pending_org)
    client.force_login(applicant)
    page = client.get(reverse("organisation_edit")).content.decode()
    assert (
        "We could not confirm the licence." in client.get(reverse("account_home")).content.decode()
    )
    assert "Save and submit again" in page
    response = client.post(
        reverse("organisation_edit"),
        {
            "name_en": "New Bank Ltd",
            "country": "IN",
            "region": "IN-MH",
            "city": "Mumbai",
            "turnover_currency": "INR",
            "investment_currency": "INR",
        },
    )
    assert response.status_code == 302
    pending_org.refresh_from_db()
    assert pending_org.name_en == "New Bank Ltd"
    assert pending_org.verification_status == Verification.PENDING
    assert AuditLog.objects.filter(action="org.resubmit", actor=applicant).exists()


@pytest.mark.django_db
def test_it_lets_only_owners_edit_the_organisation(client, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(member)
    response = client.post(reverse("organisation_edit"), {"name_en": "Hijacked"})
    assert response.status_code == 403
    alice_org.refresh_from_db()
    assert alice_org.name_en == "Alice Auto Parts"
