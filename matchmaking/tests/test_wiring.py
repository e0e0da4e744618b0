"""Matchmaking's seams: OpenAPI schema, match-run triggers, privacy hooks, admin taxonomy."""

from __future__ import annotations

import pytest

from matchmaking import services
from matchmaking.models import PartnerProfile
from matchmaking.tests.factories import accepted_introduction
from taxonomy.models import Capability, Certification, Market, PartnershipType

pytestmark = pytest.mark.django_db


def test_it_documents_every_endpoint_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/profiles/",
        "/api/v1/profiles/{id}/",
        "/api/v1/matches/",
        "/api/v1/introductions/",
        "/api/v1/introductions/{id}/accept/",
        "/api/v1/introductions/{id}/decline/",
    ):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/profiles/"]["get"]["parameters"]}
    assert {"q", "sector", "capability", "certification", "country", "page"} <= params


def test_it_seeds_the_taxonomy_in_three_languages(db):
    assert 100 <= Capability.objects.count() <= 300
    assert PartnershipType.objects.count() == 7
    assert Certification.objects.filter(slug__in=["jis-q-9100", "iatf-16949", "zed"]).count() == 3
    assert Market.objects.count() == 8
    for model in (Capability, PartnershipType, Certification, Market):
        assert not model.objects.filter(name_ja="").exists()
        assert not model.objects.filter(name_hi="").exists()
    assert Capability.objects.get(slug="cold-chain-logistics").sector.slug == "logistics"


def test_it_queues_an_incremental_match_run_when_a_profile_changes(
    alice, django_capture_on_commit_callbacks
):
    from forum.models import OutboxMessage
    from matchmaking.runs.models import MatchRun
    from matchmaking.runs.tasks import match_run_execute_task

    data = {"headline_en": "Gears", "visibility": "public"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile = services.profile_save(organisation=alice.organisation, by_user=alice, data=data)
    # The queued run and its message are written with the edit (one transaction), so a broker
    # outage at commit cannot lose the re-match; the message goes out only after commit.
    run = MatchRun.objects.get()
    assert (run.kind, run.profile_id, run.status) == ("incremental", profile.pk, "queued")
    message = OutboxMessage.objects.get()
    assert (message.task, message.args, message.sent_at) == (
        match_run_execute_task.name,
        [run.pk],
        None,
    )
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.sent_at is not None


def test_it_queues_runs_for_both_sides_when_not_interested(
    alice, bob, alice_profile, bob_profile, django_capture_on_commit_callbacks
):
    from matchmaking.runs.models import MatchRun

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.not_interested_mark(by_user=alice, other=bob.organisation)
    for callback in callbacks:
        callback()
    assert set(MatchRun.objects.values_list("profile_id", flat=True)) == {
        alice_profile.pk,
        bob_profile.pk,
    }


def test_it_exports_what_matchmaking_holds_about_a_person(alice, bob, alice_profile, bob_profile):
    from accounts.privacy import exporters

    services.introduction_request(
        by_user=bob,
        profile=alice_profile,
        partnership_type=PartnershipType.objects.get(slug="investment"),
        message="Invest?",
    )
    data = exporters()["matchmaking"](bob)
    assert data["introductions_requested"][0]["message"] == "Invest?"


def test_it_erases_a_persons_contact_details_and_authorship(alice, bob, alice_profile, bob_profile):
    from accounts.privacy import erasers

    PartnerProfile.objects.filter(pk=alice_profile.pk).update(contact_email="alice@example.com")
    intro = accepted_introduction(alice.organisation, bob.organisation)
    intro.requested_by = alice
    intro.save()
    erasers()["matchmaking"](alice)
    alice_profile.refresh_from_db()
    intro.refresh_from_db()
    assert (alice_profile.contact_name, alice_profile.contact_email) == ("", "")
    assert intro.requested_by is None


def test_it_lets_admins_edit_the_taxonomy(mfa_login, client, admin_user):
    mfa_login(client, admin_user)
    assert client.get("/admin/taxonomy/capability/").status_code == 200
    cap = Capability.objects.get(slug="pcb-assembly")
    assert client.get(f"/admin/taxonomy/capability/{cap.pk}/change/").status_code == 200
    assert client.get("/admin/taxonomy/certification/add/").status_code == 200
    assert client.get("/admin/matchmaking/partnerprofile/").status_code == 200
