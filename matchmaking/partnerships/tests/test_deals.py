"""The deal room: nothing opens before the NDA (HTML and API), acceptance is recorded with
the exact terms' hash, every open is logged for the owner, access can be revoked."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matchmaking.partnerships import nda
from matchmaking.partnerships.models import DocumentAccess, NdaAcceptance
from matchmaking.partnerships.services import deals as service
from matchmaking.partnerships.tests.helpers import PDF, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(conversation, bob):
    return service.document_share(
        conversation=conversation,
        by_user=bob,
        title="Tool geometry drawings",
        description="Carbide insert geometry, rev. C",
        upload=pdf("drawings.pdf"),
    )


def test_the_other_side_sees_title_size_and_description_but_not_the_file(document, alice, client):
    client.force_login(alice)
    page = client.get(reverse("partnerships:document", args=[document.token]))
    html = page.content.decode()
    assert "Tool geometry drawings" in html and "rev. C" in html
    assert reverse("partnerships:document_file", args=[document.token]) not in html
    assert nda.TEXT["en"].splitlines()[0] in html
    assert (
        page["Cache-Control"].startswith("private, no-store") or "no-store" in page["Cache-Control"]
    )
    assert (
        client.get(reverse("partnerships:document_file", args=[document.token])).status_code == 403
    )


def test_the_api_refuses_the_file_before_the_nda(document, alice, api_client):
    api_client.force_authenticate(alice)
    detail = api_client.get(f"/api/v1/deal-room/{document.token}/").json()
    assert detail["file_url"] is None and detail["accepted"] is False
    response = api_client.get(f"/api/v1/deal-room/{document.token}/file/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_accepting_records_who_when_ip_and_the_terms_hash(document, alice, client):
    client.force_login(alice)
    client.post(
        reverse("partnerships:nda_accept", args=[document.token]),
        {"agree": "yes"},
        REMOTE_ADDR="203.0.113.7",
    )
    acceptance = NdaAcceptance.objects.get()
    assert acceptance.user == alice and acceptance.organisation == alice.organisation
    assert acceptance.ip_address == "203.0.113.7"
    assert acceptance.terms_sha256 == hashlib.sha256(nda.TEXT["en"].encode()).hexdigest()


def test_a_japanese_reader_accepts_the_japanese_text(document, alice, bob, conversation):
    shared = service.document_share(
        conversation=conversation, by_user=alice, title="Gear specs", upload=pdf()
    )
    acceptance = service.nda_accept(document=shared, by_user=bob, ip_address=None, language="ja")
    assert acceptance.language == "ja"
    assert acceptance.terms_sha256 == nda.terms_sha256(nda.TEXT["ja"])


def test_without_ticking_the_box_nothing_is_accepted(document, alice, client):
    client.force_login(alice)
    client.post(reverse("partnerships:nda_accept", args=[document.token]), {})
    assert not NdaAcceptance.objects.exists()


def test_after_acceptance_every_view_and_download_is_logged_for_the_owner(
    document, alice, alice_colleague, bob, client
):
    service.nda_accept(document=document, by_user=alice, ip_address="198.51.100.2", language="en")
    client.force_login(alice_colleague)  # one acceptance covers the whole organisation
    client.get(reverse("partnerships:document", args=[document.token]))
    response = client.get(reverse("partnerships:document_file", args=[document.token]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert list(
        DocumentAccess.objects.order_by("created_at").values_list("action", "user__email")
    ) == [("view", alice_colleague.email), ("download", alice_colleague.email)]
    client.force_login(bob)
    log = client.get(reverse("partnerships:document", args=[document.token])).content.decode()
    assert log.count(alice_colleague.email) == 2


def test_the_api_logs_downloads_and_shows_the_log_only_to_the_owner(
    document, alice, bob, api_client
):
    api_client.force_authenticate(alice)
    assert api_client.post(f"/api/v1/deal-room/{document.token}/accept/").status_code == 201
    assert api_client.get(f"/api/v1/deal-room/{document.token}/file/").status_code == 200
    assert api_client.get(f"/api/v1/deal-room/{document.token}/accesses/").status_code == 403
    api_client.force_authenticate(bob)
    log = api_client.get(f"/api/v1/deal-room/{document.token}/accesses/").json()
    assert [row["action"] for row in log["results"]] == ["download"]


def test_revoking_closes_access_again(document, alice, bob):
    service.nda_accept(document=document, by_user=alice, ip_address=None, language="en")
    service.document_revoke(document=document, by_user=bob)
    with pytest.raises(PermissionDenied):
        service.document_open(document=document, by_user=alice, ip_address=None, action="view")


def test_only_the_owner_revokes(document, alice):
    with pytest.raises(PermissionDenied):
        service.document_revoke(document=document, by_user=alice)


def test_a_third_organisation_sees_nothing(document, carol, client, api_client):
    client.force_login(carol)
    assert client.get(reverse("partnerships:document", args=[document.token])).status_code == 403
    api_client.force_authenticate(carol)
    assert api_client.get(f"/api/v1/deal-room/{document.token}/").status_code == 404


def test_a_custom_nda_must_be_a_pdf_and_its_hash_is_what_is_accepted(conversation, bob, alice):
    with pytest.raises(ValidationError):
        service.document_share(
            conversation=conversation,
            by_user=bob,
            title="x",
            upload=pdf(),
            nda_kind="custom",
            nda_upload=SimpleUploadedFile("nda.pdf", b"\x89PNG\r\n\x1a\nnot a pdf"),
        )
    own = PDF + b"% our own terms\n"
    document = service.document_share(
        conversation=conversation,
        by_user=bob,
        title="x",
        upload=pdf(),
        nda_kind="custom",
        nda_upload=pdf("nda.pdf", own),
    )
    acceptance = service.nda_accept(
        document=document, by_user=alice, ip_address=None, language="en"
    )
    assert acceptance.terms_sha256 == hashlib.sha256(own).hexdigest()


def test_document_urls_are_not_guessable(document):
    assert len(document.token) >= 40
    # The stored name is 32 random hex digits, not the id: a bare "pk not in name" check
    # failed whenever the random digits happened to contain a small id such as 1.
    folder, _slash, name = document.file.name.rpartition("/")
    stem, _dot, _suffix = name.partition(".")
    assert folder == "partnerships/documents"
    assert len(stem) == 32 and int(stem, 16) >= 0
    assert stem != str(document.pk)
