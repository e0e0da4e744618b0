"""Preferences, data export and account deletion."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.models import AuditLog, Organisation, OrgRole, User
from tests.factories import make_user


@pytest.mark.django_db
def test_it_remembers_the_language_preference(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("account_preferences"), {"language": "ja", "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.language, alice.timezone) == ("ja", "Asia/Tokyo")
    assert 'lang="ja"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_it_saves_sectors_of_interest(client, alice):
    from taxonomy.models import Sector

    sector = Sector.objects.first() or Sector.objects.create(slug="robotics", name_en="Robotics")
    client.force_login(alice)
    client.post(
        reverse("account_preferences"),
        {"language": "en", "timezone": "Asia/Kolkata", "sectors": [sector.pk]},
    )
    assert list(alice.sectors_of_interest.all()) == [sector]


@pytest.mark.django_db
def test_it_rejects_an_unknown_time_zone(client, alice):
    client.force_login(alice)
    response = client.post(reverse("account_preferences"), {"language": "en", "timezone": "Mars"})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.timezone == "Asia/Kolkata"


@pytest.mark.django_db
def test_it_exports_the_persons_data_and_every_registered_section(client, alice, monkeypatch):
    from accounts import privacy

    monkeypatch.setitem(privacy._exporters, "other_app", lambda user: {"seen": user.email})
    client.force_login(alice)
    response = client.get(reverse("account_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["accounts"]["person"]["email"] == "alice@example.com"
    assert data["accounts"]["organisation"]["name_en"] == "Alice Auto Parts"
    assert data["other_app"] == {"seen": "alice@example.com"}


@pytest.mark.django_db
def test_it_refuses_the_export_to_anonymous_visitors(client):
    assert client.get(reverse("account_export")).status_code == 302


@pytest.mark.django_db
def test_it_needs_the_password_to_delete(client, alice):
    client.force_login(alice)
    response = client.post(reverse("account_delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()


@pytest.mark.django_db
def test_it_deletes_the_last_member_and_the_organisation(client, alice, alice_org):
    client.force_login(alice)
    response = client.post(reverse("account_delete"), {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Organisation.objects.filter(pk=alice_org.pk).exists()
    entry = AuditLog.objects.get(action="user.delete")
    assert entry.data["organisation"] == "deleted"


@pytest.mark.django_db
def test_it_keeps_the_organisation_and_promotes_a_member(client, alice, alice_org):
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(alice)
    client.post(reverse("account_delete"), {"password": "correct-horse-battery"})
    member.refresh_from_db()
    assert member.organisation == alice_org
    assert member.org_role == OrgRole.OWNER


@pytest.mark.django_db
def test_it_keeps_the_other_owner_as_is(client, alice, alice_org):
    owner2 = make_user("owner2@example.com", alice_org, role="owner")
    member = make_user("member@example.com", alice_org, role="member")
    client.force_login(alice)
    client.post(reverse("account_delete"), {"password": "correct-horse-battery"})
    member.refresh_from_db()
    owner2.refresh_from_db()
    assert (owner2.org_role, member.org_role) == ("owner", "member")


@pytest.mark.django_db
def test_it_runs_every_registered_eraser_in_the_same_transaction(client, alice, monkeypatch):
    from accounts import privacy

    def failing_eraser(user):
        raise RuntimeError("eraser failed")

    monkeypatch.setitem(privacy._erasers, "zz_broken", failing_eraser)
    client.force_login(alice)
    with pytest.raises(RuntimeError):
        client.post(reverse("account_delete"), {"password": "correct-horse-battery"})
    assert User.objects.filter(pk=alice.pk).exists()


@pytest.mark.django_db
def test_it_keeps_an_organisation_that_published_content(alice, alice_org, monkeypatch):
    from django.db.models import ProtectedError

    from accounts.services import user_delete

    def protected(self, *args, **kwargs):
        raise ProtectedError("published notices refer to it", set())

    monkeypatch.setattr(Organisation, "delete", protected)
    assert user_delete(user=alice) == "kept_without_members"
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Organisation.objects.filter(pk=alice_org.pk).exists()
