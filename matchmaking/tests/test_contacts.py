"""Contact details appear nowhere before an ACCEPTED introduction: page, API, CSV, email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from matchmaking import services
from matchmaking.models import Introduction
from matchmaking.tests.factories import accepted_introduction
from matchmaking.tests.fixtures import ALICE_SECRETS, BOB_SECRETS, leaked
from taxonomy.models import PartnershipType

pytestmark = pytest.mark.django_db


def _digest_text(viewer) -> str:
    from digests.services import digest_preview

    message = digest_preview(user=viewer)
    if message is None:
        return ""
    return message.body + "".join(content for content, _type in message.alternatives)


def _channels(client, api_client, viewer, profile) -> dict[str, str]:
    """Every place a viewer could read `profile`'s organisation's contact details."""
    from matchmaking.runs.services import match_run_execute, match_run_request

    client.force_login(viewer)
    api_client.force_authenticate(viewer)
    slug = profile.organisation.slug
    services.shortlist_add(by_user=viewer, profile=profile)
    match_run_execute(run_id=match_run_request(kind="full", requested_by=None).pk)
    return {
        "matches": client.get("/partners/matches/").content.decode(),
        "api_matches": api_client.get("/api/v1/matches/").content.decode(),
        "api_introductions": api_client.get("/api/v1/introductions/").content.decode(),
        "digest_email": _digest_text(viewer),
        "page": client.get(reverse("matchmaking:profile", args=[slug])).content.decode(),
        "directory": client.get("/partners/").content.decode(),
        "directory_csv": b"".join(client.get("/partners/?format=csv").streaming_content).decode(),
        "shortlist": client.get("/partners/shortlist/").content.decode(),
        "shortlist_csv": b"".join(
            client.get("/partners/shortlist/?format=csv").streaming_content
        ).decode(),
        "introductions": client.get("/partners/introductions/").content.decode(),
        "api_list": api_client.get("/api/v1/profiles/").content.decode(),
        "api_detail": api_client.get(f"/api/v1/profiles/{profile.pk}/").content.decode(),
        "api_csv": api_client.get("/api/v1/profiles/?format=csv").content.decode(),
    }


def test_it_hides_contact_details_everywhere_before_any_introduction(
    client, api_client, bob, alice_profile, bob_profile
):
    channels = _channels(client, api_client, bob, alice_profile)
    for channel, text in channels.items():
        assert leaked(text, ALICE_SECRETS) == [], channel
    # The new channels do show alice's organisation, so the check above is not vacuous.
    name = alice_profile.organisation.name_en
    for channel in ("matches", "api_matches", "digest_email"):
        assert name in channels[channel], channel


def test_it_hides_contact_details_from_anonymous_visitors(client, api_client, alice_profile):
    slug = alice_profile.organisation.slug
    texts = [
        client.get(reverse("matchmaking:profile", args=[slug])).content.decode(),
        b"".join(client.get("/partners/?format=csv").streaming_content).decode(),
        api_client.get("/api/v1/profiles/").content.decode(),
        api_client.get(f"/api/v1/profiles/{alice_profile.pk}/").content.decode(),
    ]
    for text in texts:
        assert leaked(text, ALICE_SECRETS) == []


@pytest.mark.parametrize("status", ["pending", "declined", "expired"])
def test_it_keeps_contact_details_hidden_unless_accepted(
    client, api_client, alice, bob, alice_profile, bob_profile, status
):
    Introduction.objects.create(
        from_organisation=bob.organisation,
        to_organisation=alice.organisation,
        partnership_type=PartnershipType.objects.get(slug="joint-venture"),
        message="Hi",
        status=status,
    )
    for channel, text in _channels(client, api_client, bob, alice_profile).items():
        assert leaked(text, ALICE_SECRETS) == [], channel


def test_it_shows_contact_details_on_every_channel_after_acceptance(
    client, api_client, alice, bob, alice_profile, bob_profile
):
    accepted_introduction(bob.organisation, alice.organisation)
    channels = _channels(client, api_client, bob, alice_profile)
    for channel in ("page", "directory_csv", "shortlist_csv", "introductions", "api_detail"):
        assert leaked(channels[channel], ALICE_SECRETS) == list(ALICE_SECRETS), channel


def test_it_shows_both_sides_contact_details_after_acceptance(
    client, alice, bob, alice_profile, bob_profile
):
    accepted_introduction(bob.organisation, alice.organisation)
    client.force_login(alice)
    page = client.get(reverse("matchmaking:profile", args=[bob.organisation.slug]))
    assert leaked(page.content.decode(), BOB_SECRETS) == list(BOB_SECRETS)


def test_it_does_not_unlock_a_third_organisation(
    client, api_client, alice, bob, carol, alice_profile, bob_profile
):
    accepted_introduction(bob.organisation, alice.organisation)
    for channel, text in _channels(client, api_client, carol, alice_profile).items():
        assert leaked(text, ALICE_SECRETS) == [], channel


def test_it_always_shows_an_organisation_its_own_contact_details(client, alice, alice_profile):
    client.force_login(alice)
    page = client.get(reverse("matchmaking:profile", args=[alice.organisation.slug]))
    assert leaked(page.content.decode(), ALICE_SECRETS) == list(ALICE_SECRETS)


def test_it_keeps_contact_details_out_of_request_and_decline_emails(
    alice, bob, alice_profile, bob_profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.introduction_request(
            by_user=bob,
            profile=alice_profile,
            partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
            message="We would like to license our tooling to you.",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_decline(introduction=intro, by_user=alice, reason="Not now")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert leaked(message.subject + message.body, ALICE_SECRETS + BOB_SECRETS) == []


def test_it_puts_the_partners_contact_in_the_acceptance_email(
    alice, bob, alice_profile, bob_profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.introduction_request(
            by_user=bob,
            profile=alice_profile,
            partnership_type=PartnershipType.objects.get(slug="technology-transfer"),
            message="Hello",
        )
    assert leaked(mail.outbox[0].body, ALICE_SECRETS + BOB_SECRETS) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_accept(introduction=intro, by_user=alice)
    accepted = mail.outbox[-1]
    assert accepted.to == ["bob@example.com"]
    assert leaked(accepted.body, ALICE_SECRETS) == list(ALICE_SECRETS)
    assert leaked(accepted.body, BOB_SECRETS) == []
