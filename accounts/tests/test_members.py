"""Invitations, joining, role changes and removal of members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLog, Invitation, OrgRole
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def _invite(client, email="carol@example.com"):
    """Post the invitation and run what waits for the commit (the mail task)."""
    with _capture(execute=True):
        return client.post(reverse("invitation_create"), {"email": email})


@pytest.mark.django_db
def test_it_lets_the_owner_invite_by_email(client, alice):
    client.force_login(alice)
    response = _invite(client)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="carol@example.com")
    assert invitation.organisation == alice.organisation
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert invitation.sent_at is not None


@pytest.mark.django_db
def test_it_mails_an_invitation_once_even_if_the_task_runs_twice(client, alice):
    from accounts.tasks import invitation_mail_send

    client.force_login(alice)
    _invite(client)
    invitation = Invitation.objects.get()
    assert invitation_mail_send(invitation.pk) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_refuses_invitations_from_plain_members(client, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(member)
    assert _invite(client).status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_second_open_invitation_to_the_same_address(client, alice):
    client.force_login(alice)
    _invite(client)
    response = _invite(client)
    assert response.status_code == 400
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_anonymous_invitations(client, alice):
    response = _invite(client)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_it_joins_the_organisation_through_the_link(client, alice):
    client.force_login(alice)
    _invite(client)
    invitation = Invitation.objects.get()
    carol = make_user("carol@example.com")
    client.force_login(carol)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.organisation == alice.organisation
    assert carol.org_role == OrgRole.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


@pytest.mark.django_db
def test_it_shows_open_invitations_on_onboarding(client, alice):
    client.force_login(alice)
    _invite(client)
    carol = make_user("carol@example.com")
    client.force_login(carol)
    page = client.get(reverse("onboarding")).content.decode()
    assert "Alice Auto Parts" in page


@pytest.mark.django_db
def test_it_refuses_an_invitation_for_another_address(client, alice, bob):
    client.force_login(alice)
    _invite(client)
    invitation = Invitation.objects.get()
    stranger = make_user("stranger@example.com")
    client.force_login(stranger)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    stranger.refresh_from_db()
    assert stranger.organisation is None


@pytest.mark.django_db
def test_it_refuses_an_expired_invitation(client, alice):
    client.force_login(alice)
    _invite(client)
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    carol = make_user("carol@example.com")
    client.force_login(carol)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    carol.refresh_from_db()
    assert carol.organisation is None


@pytest.mark.django_db
def test_it_keeps_people_in_one_organisation(client, alice, bob):
    client.force_login(alice)
    _invite(client, "bob@example.com")
    invitation = Invitation.objects.get()
    client.force_login(bob)
    client.post(reverse("invitation_accept", args=[invitation.token]))
    bob.refresh_from_db()
    assert bob.organisation.name_en == "Bob Seimitsu"


@pytest.mark.django_db
def test_it_asks_anonymous_visitors_to_sign_up_first(client, alice):
    client.force_login(alice)
    _invite(client)
    client.logout()
    invitation = Invitation.objects.get()
    page = client.get(reverse("invitation_accept", args=[invitation.token])).content.decode()
    assert reverse("account_signup") in page
    assert client.post(reverse("invitation_accept", args=[invitation.token])).status_code == 403


@pytest.mark.django_db
def test_it_lets_the_owner_change_roles_with_an_audit_entry(client, alice, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(alice)
    client.post(reverse("member_role", args=[member.pk]), {"role": "owner"})
    member.refresh_from_db()
    assert member.org_role == OrgRole.OWNER
    entry = AuditLog.objects.get(action="org.role_change")
    assert entry.actor == alice
    assert entry.data["to"] == "owner"


@pytest.mark.django_db
def test_it_keeps_at_least_one_owner(client, alice, alice_org):
    other_owner = make_user("other@example.com", alice_org, role="owner")
    client.force_login(other_owner)
    client.post(reverse("member_role", args=[alice.pk]), {"role": "member"})
    client.force_login(alice)
    client.post(reverse("member_role", args=[alice.pk]), {"role": "member"})
    alice.refresh_from_db()
    other_owner.refresh_from_db()
    assert [alice.org_role, other_owner.org_role].count("owner") >= 1


@pytest.mark.django_db
def test_it_refuses_role_changes_by_another_organisation(client, alice, bob):
    client.force_login(bob)
    response = client.post(reverse("member_role", args=[alice.pk]), {"role": "member"})
    assert response.status_code in (403, 404)
    alice.refresh_from_db()
    assert alice.org_role == OrgRole.OWNER


@pytest.mark.django_db
def test_it_lets_the_owner_remove_a_member(client, alice, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(alice)
    client.post(reverse("member_remove", args=[member.pk]))
    member.refresh_from_db()
    assert member.organisation is None
    assert AuditLog.objects.filter(action="org.member_remove").exists()


@pytest.mark.django_db
def test_it_refuses_removal_by_a_plain_member(client, alice, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(member)
    assert client.post(reverse("member_remove", args=[alice.pk])).status_code == 403
    alice.refresh_from_db()
    assert alice.organisation == alice_org


@pytest.mark.django_db
def test_it_shows_members_emails_only_to_members(client, alice, alice_org, bob):
    client.force_login(bob)
    page = client.get(reverse("organisation_detail", args=[alice_org.slug])).content.decode()
    assert "alice@example.com" not in page
    assert "Alice Auto Parts" in page


@pytest.mark.django_db
def test_it_pins_the_members_page_query_count(client, alice, alice_org, django_assert_num_queries):
    for n in range(4):
        make_user(f"m{n}@example.com", alice_org, role="member")
    client.force_login(alice)
    _invite(client)
    client.get(reverse("account_organisation"))
    # session, user, organisation (page), organisation (user), members, open invitations
    with django_assert_num_queries(7):  # + the bell's unread count
        assert client.get(reverse("account_organisation")).status_code == 200
