"""Partner profiles: who may edit them (HTML and API), visibility, and the profile page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matchmaking.models import PartnerProfile

pytestmark = pytest.mark.django_db

EDIT_URL = "/partners/profile/"
FORM = {
    "headline_en": "We machine gears",
    "original_language": "en",
    "visibility": "public",
    "working_languages": ["en", "hi"],
}


def test_it_lets_the_owner_create_a_profile_in_html(client, alice):
    client.force_login(alice)
    response = client.post(EDIT_URL, {**FORM, "capabilities_offered": []})
    assert response.status_code == 302
    profile = PartnerProfile.objects.get(organisation=alice.organisation)
    assert profile.headline_en == "We machine gears"
    assert profile.working_languages == ["en", "hi"]
    assert profile.open_to_same_country is False


def test_it_lets_a_member_of_the_organisation_edit(client, alice_colleague, alice_profile):
    client.force_login(alice_colleague)
    response = client.post(EDIT_URL, {**FORM, "headline_en": "Edited by a colleague"})
    assert response.status_code == 302
    alice_profile.refresh_from_db()
    assert alice_profile.headline_en == "Edited by a colleague"


def test_it_edits_only_the_users_own_organisation(client, bob, alice_profile):
    client.force_login(bob)
    client.post(EDIT_URL, {**FORM, "headline_en": "Hijack"})
    alice_profile.refresh_from_db()
    assert alice_profile.headline_en != "Hijack"


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.post(EDIT_URL, FORM)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not PartnerProfile.objects.exists()


def test_it_refuses_profiles_for_non_msme_organisations(client, financier):
    client.force_login(financier)
    assert client.get(EDIT_URL).status_code == 403
    assert client.post(EDIT_URL, FORM).status_code == 403
    assert not PartnerProfile.objects.exists()


def test_it_requires_a_headline_in_one_language(client, alice):
    client.force_login(alice)
    response = client.post(EDIT_URL, {**FORM, "headline_en": ""})
    assert response.status_code == 200
    assert "headline" in response.content.decode().lower()
    assert not PartnerProfile.objects.exists()


def test_it_rejects_an_invalid_contact_email_without_saving(client, alice):
    client.force_login(alice)
    response = client.post(EDIT_URL, {**FORM, "contact_email": "not-an-email"})
    assert response.status_code == 200
    assert not PartnerProfile.objects.exists()


def test_it_saves_taxonomy_and_makes_it_searchable(client, alice):
    from taxonomy.models import Capability

    client.force_login(alice)
    cap = Capability.objects.get(slug="precision-machining")
    client.post(EDIT_URL, {**FORM, "capabilities_offered": [cap.pk]})
    profile = PartnerProfile.objects.get(organisation=alice.organisation)
    assert list(profile.capabilities_offered.values_list("slug", flat=True)) == [
        "precision-machining"
    ]
    assert "精密機械加工" in profile.search_text


# ---------------------------------------------------------------- API writes


def test_it_lets_the_owner_create_a_profile_through_the_api(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/profiles/",
        {"headline_en": "API made", "sectors": ["automotive-mobility"], "visibility": "members"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["sectors"] == ["automotive-mobility"]
    assert PartnerProfile.objects.get(organisation=alice.organisation).visibility == "members"


def test_it_lets_the_owner_update_through_the_api(api_client, alice, alice_profile):
    api_client.force_authenticate(alice)
    response = api_client.patch(
        f"/api/v1/profiles/{alice_profile.pk}/", {"headline_en": "Patched"}, format="json"
    )
    assert response.status_code == 200, response.content
    alice_profile.refresh_from_db()
    assert alice_profile.headline_en == "Patched"
    assert alice_profile.capabilities_offered.count() == 2  # untouched by a partial update


def test_it_refuses_api_updates_from_another_organisation(api_client, bob, alice_profile):
    api_client.force_authenticate(bob)
    response = api_client.patch(
        f"/api/v1/profiles/{alice_profile.pk}/", {"headline_en": "Hijack"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    alice_profile.refresh_from_db()
    assert alice_profile.headline_en != "Hijack"


def test_it_refuses_anonymous_api_writes(api_client, alice_profile):
    response = api_client.patch(
        f"/api/v1/profiles/{alice_profile.pk}/", {"headline_en": "Anon"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert api_client.post("/api/v1/profiles/", {"headline_en": "x"}).status_code in (401, 403)


def test_it_returns_field_errors_for_bad_api_input(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/profiles/",
        {"headline_en": "x", "sectors": ["no-such-sector"], "visibility": "everyone"},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "sectors" in fields and "visibility" in fields
    assert not PartnerProfile.objects.exists()


def test_it_refuses_api_profiles_for_regulators(api_client, regulator):
    api_client.force_authenticate(regulator)
    response = api_client.post("/api/v1/profiles/", {"headline_en": "x"}, format="json")
    assert response.status_code == 403


# ---------------------------------------------------------------- visibility


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member", "own"),
    [("public", 200, 200, 200), ("members", 404, 200, 200), ("hidden", 404, 404, 200)],
)
def test_it_respects_visibility_on_the_profile_page(
    client, alice, bob, alice_profile, visibility, anonymous, member, own
):
    PartnerProfile.objects.filter(pk=alice_profile.pk).update(visibility=visibility)
    url = reverse("matchmaking:profile", args=[alice.organisation.slug])
    assert client.get(url).status_code == anonymous
    client.force_login(bob)
    assert client.get(url).status_code == member
    client.force_login(alice)
    assert client.get(url).status_code == own


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member"),
    [("public", 1, 1), ("members", 0, 1), ("hidden", 0, 0)],
)
def test_it_respects_visibility_in_lists(
    client, api_client, bob, alice_profile, visibility, anonymous, member
):
    PartnerProfile.objects.filter(pk=alice_profile.pk).update(visibility=visibility)
    assert api_client.get("/api/v1/profiles/").json()["count"] == anonymous
    assert ("Precision machined gears" in client.get("/partners/").content.decode()) == bool(
        anonymous
    )
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/profiles/").json()["count"] == member


def test_it_shows_a_hidden_profile_to_its_own_organisation_in_the_api(
    api_client, alice, alice_profile
):
    PartnerProfile.objects.filter(pk=alice_profile.pk).update(visibility="hidden")
    api_client.force_authenticate(alice)
    assert api_client.get(f"/api/v1/profiles/{alice_profile.pk}/").status_code == 200


def test_it_shows_the_profile_in_the_readers_language(client, bob, bob_profile):
    url = reverse("matchmaking:profile", args=[bob.organisation.slug])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Carbide cutting tools from Osaka" in html
    client.force_login(bob)
    bob.language = "ja"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "大阪の超硬切削工具メーカー" in html


def test_it_shows_completed_training_programmes_on_the_profile(
    client, api_client, regulator, alice, alice_profile
):
    from datetime import timedelta

    from django.utils import timezone

    from programs.models.training import Enrolment
    from programs.services import programme_create, session_add

    programme = programme_create(
        user=regulator,
        data=dict(
            title_en="AOTS Kaizen on the shop floor",
            summary_en="Five days of Kaizen.",
            body="",
            topic="kaizen",
            language="en",
            mode="in_person",
            place="Pune",
            jurisdiction="BI",
        ),
        publish=True,
    )
    start = timezone.now() - timedelta(days=10)
    session = session_add(
        programme=programme,
        user=regulator,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=5,
    )
    url = reverse("matchmaking:profile", args=[alice.organisation.slug])
    assert "Completed training programmes" not in client.get(url).content.decode()
    Enrolment.objects.create(
        session=session, user=alice, organisation=alice.organisation, status="completed"
    )
    html = client.get(url).content.decode()
    assert "Completed training programmes" in html and "Kaizen" in html
    detail = api_client.get(f"/api/v1/profiles/{alice_profile.pk}/").json()
    assert detail["completed_training"] == ["kaizen"]


def test_it_escapes_user_text_and_sanitises_description_markdown(client, alice, alice_profile):
    PartnerProfile.objects.filter(pk=alice_profile.pk).update(
        headline_en="<script>alert(1)</script>Gears",
        description_en="**Bold** claim <img src=x onerror=alert(2)>",
    )
    directory = client.get("/partners/").content.decode()
    assert "<script>alert(1)" not in directory and "&lt;script&gt;" in directory
    page = client.get(reverse("matchmaking:profile", args=[alice.organisation.slug]))
    html = page.content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<img" not in html and "<script>alert(1)" not in html
