"""Policy notices: who may write, drafts, amendments with revisions, withdrawal, attachments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import NoticeRevision, PolicyNotice, Status
from programs.services import notice_create, notice_update
from programs.tests.factories import notice_data
from programs.tests.factories import notice_form as form_post

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_lets_a_verified_regulator_draft_through_the_form(client, regulator):
    client.force_login(regulator)
    response = client.post(reverse("programs:notice_create"), form_post())
    notice = PolicyNotice.objects.get()
    assert response.status_code == 302
    assert notice.status == Status.DRAFT
    assert notice.organisation == regulator.organisation


def test_it_rejects_notices_from_an_msme(client, alice):
    client.force_login(alice)
    assert client.post(reverse("programs:notice_create"), form_post()).status_code == 403
    assert not PolicyNotice.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.post(reverse("programs:notice_create"), form_post())
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not PolicyNotice.objects.exists()


def test_it_lets_an_unverified_regulator_draft_but_not_publish(client, unverified_regulator):
    client.force_login(unverified_regulator)
    client.post(reverse("programs:notice_create"), form_post())
    notice = PolicyNotice.objects.get()
    response = client.post(reverse("programs:notice_publish", args=[notice.pk]))
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT


def test_it_lets_the_owner_publish(client, regulator):
    notice = notice_create(user=regulator, data=notice_data())
    client.force_login(regulator)
    client.post(reverse("programs:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == Status.PUBLISHED
    assert notice.published_at is not None


def test_it_rejects_publishing_by_another_regulator(client, regulator, other_regulator):
    notice = notice_create(user=regulator, data=notice_data())
    client.force_login(other_regulator)
    assert client.post(reverse("programs:notice_publish", args=[notice.pk])).status_code == 403


def test_it_rejects_edits_by_another_regulator(client, notice, other_regulator):
    client.force_login(other_regulator)
    url = reverse("programs:notice_edit", args=[notice.pk])
    assert client.post(url, form_post(title_en="Hijacked")).status_code == 403
    notice.refresh_from_db()
    assert notice.title_en != "Hijacked"


def test_it_shows_drafts_only_to_the_issuing_organisation(client, regulator, other_regulator):
    notice = notice_create(user=regulator, data=notice_data(title_en="Secret draft"))
    url = reverse("programs:notice_detail", args=[notice.pk])
    assert client.get(url).status_code == 403
    assert "Secret draft" not in client.get(reverse("programs:notice_list")).content.decode()
    client.force_login(other_regulator)
    assert client.get(url).status_code == 403
    client.force_login(regulator)
    assert client.get(url).status_code == 200
    assert "Secret draft" in client.get(reverse("programs:notice_list")).content.decode()


def test_it_requires_a_title_in_some_language(client, regulator):
    client.force_login(regulator)
    response = client.post(reverse("programs:notice_create"), form_post(title_en=""))
    assert response.status_code == 200
    assert "at least one language" in response.content.decode()
    assert not PolicyNotice.objects.exists()


def test_it_refuses_an_amendment_without_a_change_note(client, notice, regulator):
    client.force_login(regulator)
    url = reverse("programs:notice_edit", args=[notice.pk])
    response = client.post(url, form_post(summary_en="Micro enterprises get 90% back."))
    assert response.status_code == 200
    assert response.context["form"].errors["change_note"]
    with pytest.raises(ValidationError):
        notice_update(notice=notice, user=regulator, data={"title_en": "Second"})
    notice.refresh_from_db()
    assert not NoticeRevision.objects.filter(notice=notice).exists()
    assert notice.summary_en.startswith("Micro enterprises get 80%")


def test_it_keeps_a_japanese_only_notice_as_japanese_original(regulator):
    notice = notice_create(
        user=regulator, data=notice_data(title_en="", title_ja="省エネ設備補助金の改定")
    )
    assert notice.original_language == "ja"


def test_it_keeps_the_earlier_text_when_a_published_notice_is_amended(client, notice, regulator):
    client.force_login(regulator)
    url = reverse("programs:notice_edit", args=[notice.pk])
    response = client.post(
        url,
        form_post(
            summary_en="Micro enterprises get 90% of the ZED certification cost back.",
            change_note="Subsidy raised to 90%",
        ),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    [revision] = NoticeRevision.objects.filter(notice=notice)
    assert revision.summary_en.startswith("Micro enterprises get 80%")
    assert notice.summary_en.startswith("Micro enterprises get 90%")
    assert notice.amended_at is not None
    page = client.get(reverse("programs:notice_detail", args=[notice.pk])).content.decode()
    assert "Amended on" in page
    assert "Subsidy raised to 90%" in page
    assert "<del>80%</del>" in page and "<ins>90%</ins>" in page


def test_it_numbers_successive_revisions(notice, regulator):
    notice_update(
        notice=notice, user=regulator, data={"title_en": "Second"}, change_note="Retitled"
    )
    notice_update(notice=notice, user=regulator, data={"title_en": "Third"}, change_note="Retitled")
    assert list(notice.revisions.values_list("number", "title_en")) == [
        (1, "Revised ZED certification subsidy"),
        (2, "Second"),
    ]


def test_it_edits_a_draft_without_revisions(regulator):
    notice = notice_create(user=regulator, data=notice_data())
    notice_update(
        notice=notice, user=regulator, data={"title_en": "Better title"}, change_note="Retitled"
    )
    assert not notice.revisions.exists()
    assert notice.amended_at is None


def test_it_keeps_a_withdrawn_notice_readable_with_the_reason(client, notice, regulator):
    client.force_login(regulator)
    client.post(
        reverse("programs:notice_withdraw", args=[notice.pk]), {"reason": "Superseded by G.S.R. 12"}
    )
    notice.refresh_from_db()
    assert notice.status == Status.WITHDRAWN
    client.logout()
    page = client.get(reverse("programs:notice_detail", args=[notice.pk]))
    assert page.status_code == 200
    assert "Superseded by G.S.R. 12" in page.content.decode()


def test_it_refuses_a_withdrawal_without_a_reason(client, notice, regulator):
    client.force_login(regulator)
    client.post(reverse("programs:notice_withdraw", args=[notice.pk]), {"reason": ""})
    notice.refresh_from_db()
    assert notice.status == Status.PUBLISHED


def test_it_rejects_withdrawal_by_another_regulator(client, notice, other_regulator):
    client.force_login(other_regulator)
    response = client.post(reverse("programs:notice_withdraw", args=[notice.pk]), {"reason": "no"})
    assert response.status_code == 403


def test_it_renders_the_body_sanitised(client, regulator):
    notice = notice_create(
        user=regulator, data=notice_data(body_en="<script>alert(1)</script> **bold**"), publish=True
    )
    page = client.get(reverse("programs:notice_detail", args=[notice.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "<strong>bold</strong>" in page


class TestAttachments:
    def upload(self, client, notice, content: bytes, name: str = "circular.pdf"):
        return client.post(
            reverse("programs:notice_attach", args=[notice.pk]),
            {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        )

    def test_it_accepts_a_real_pdf_and_serves_it_as_a_download(self, client, notice, regulator):
        client.force_login(regulator)
        self.upload(client, notice, PDF)
        [attachment] = notice.attachments.all()
        client.logout()
        response = client.get(reverse("programs:attachment_download", args=[attachment.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF

    def test_it_rejects_a_file_that_only_claims_to_be_a_pdf(self, client, notice, regulator):
        client.force_login(regulator)
        self.upload(client, notice, b"<html><script>alert(1)</script>", "evil.pdf")
        assert not notice.attachments.exists()

    def test_it_rejects_files_over_the_size_limit(self, client, notice, regulator, settings):
        client.force_login(regulator)
        limit = settings.PROGRAMS_ATTACHMENT_MAX_BYTES
        self.upload(client, notice, PDF + b"0" * (limit + 1 - len(PDF)))
        assert not notice.attachments.exists()

    def test_it_rejects_attachments_from_another_regulator(self, client, notice, other_regulator):
        client.force_login(other_regulator)
        assert self.upload(client, notice, PDF).status_code == 403
        assert not notice.attachments.exists()

    def test_it_hides_attachments_of_drafts(self, client, regulator, other_regulator):
        from programs.services import notice_attach

        notice = notice_create(user=regulator, data=notice_data())
        attachment = notice_attach(
            notice=notice, user=regulator, upload=SimpleUploadedFile("a.pdf", PDF)
        )
        url = reverse("programs:attachment_download", args=[attachment.pk])
        assert client.get(url).status_code == 403
        client.force_login(other_regulator)
        assert client.get(url).status_code == 403


class TestNoticeAPI:
    url = "/api/v1/notices/"

    def test_it_lets_the_owner_create_and_publish(self, api_client, regulator):
        api_client.force_authenticate(regulator)
        payload = {**notice_data(), "sectors": ["automotive-mobility"]}
        payload["effective_date"] = "2026-12-01"
        payload["compliance_deadline"] = "2027-03-31"
        response = api_client.post(self.url, payload, format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert response.json()["sectors"] == ["automotive-mobility"]
        response = api_client.post(f"{self.url}{pk}/publish/")
        assert response.status_code == 200
        assert response.json()["status"] == "published"

    def test_it_rejects_anonymous_writes(self, api_client, db):
        response = api_client.post(self.url, {"title_en": "x"}, format="json")
        assert response.status_code in (401, 403)

    def test_it_rejects_another_organisations_writes(self, api_client, notice, other_regulator):
        api_client.force_authenticate(other_regulator)
        response = api_client.patch(f"{self.url}{notice.pk}/", {"title_en": "x"}, format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    def test_it_rejects_an_msme(self, api_client, alice):
        api_client.force_authenticate(alice)
        response = api_client.post(self.url, {"title_en": "x"}, format="json")
        assert response.status_code == 403

    def test_it_rejects_publishing_by_an_unverified_regulator(
        self, api_client, unverified_regulator
    ):
        api_client.force_authenticate(unverified_regulator)
        payload = {**notice_data(), "effective_date": "2026-12-01", "compliance_deadline": None}
        pk = api_client.post(self.url, payload, format="json").json()["id"]
        response = api_client.post(f"{self.url}{pk}/publish/")
        assert response.status_code == 403
        assert "not verified" in response.json()["error"]["detail"]

    def test_it_returns_field_errors_for_bad_input(self, api_client, regulator):
        api_client.force_authenticate(regulator)
        response = api_client.post(self.url, {"kind": "nonsense"}, format="json")
        assert response.status_code == 400
        assert "kind" in response.json()["error"]["fields"]
        assert not PolicyNotice.objects.exists()

    def test_it_lists_the_revisions(self, api_client, notice, regulator):
        notice_update(
            notice=notice, user=regulator, data={"title_en": "Second"}, change_note="Retitled"
        )
        response = api_client.get(f"{self.url}{notice.pk}/revisions/")
        assert [r["title_en"] for r in response.json()] == ["Revised ZED certification subsidy"]

    def test_it_hides_drafts_from_anonymous_readers(self, api_client, regulator):
        draft = notice_create(user=regulator, data=notice_data())
        assert api_client.get(f"{self.url}{draft.pk}/").status_code == 404
        assert api_client.get(self.url).json()["count"] == 0

    @pytest.mark.parametrize("upload", [PDF, b"GIF89a"])
    def test_it_checks_api_uploads_by_magic_bytes(self, api_client, notice, regulator, upload):
        api_client.force_authenticate(regulator)
        response = api_client.post(
            f"{self.url}{notice.pk}/attachments/",
            {"file": SimpleUploadedFile("x.pdf", upload)},
            format="multipart",
        )
        assert response.status_code == (201 if upload == PDF else 400)


def test_it_keeps_no_revision_when_an_amendment_changes_nothing(client, notice, regulator):
    client.force_login(regulator)
    client.post(reverse("programs:notice_edit", args=[notice.pk]), form_post())
    notice.refresh_from_db()
    assert not notice.revisions.exists()
    assert notice.amended_at is None


def test_it_marks_the_changed_characters_of_a_japanese_text():
    from programs.history import word_diff

    pieces = word_diff("補助率は50%です。", "補助率は80%です。")
    assert [(p.text, p.op) for p in pieces if p.op != "same"] == [
        ("50%", "removed"),
        ("80%", "added"),
    ]
    japanese = word_diff("東京で開催します。", "大阪で開催します。")
    assert [(p.text, p.op) for p in japanese if p.op != "same"] == [
        ("東京", "removed"),
        ("大阪", "added"),
    ]


def test_it_shows_each_reader_the_body_in_their_language(client, regulator):
    notice = notice_create(
        user=regulator,
        data=notice_data(body_en="English **body**", body_ja="日本語の**本文**", body_hi=""),
        publish=True,
    )
    url = reverse("programs:notice_detail", args=[notice.pk])
    ja = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<div class="markdown-body" lang="ja"><p>日本語の<strong>本文</strong>' in ja
    hi = client.get(url, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert '<div class="markdown-body" lang="en"><p>English <strong>body</strong>' in hi
    assert "अंग्रेज़ी" in hi  # the fallback is named in Hindi


def test_it_finds_a_notice_by_words_of_its_japanese_body(client, regulator):
    notice_create(
        user=regulator, data=notice_data(body_ja="半導体の輸出管理を強化します。"), publish=True
    )
    response = client.get(reverse("programs:notice_list"), {"q": "輸出管理"})
    assert "Revised ZED certification subsidy" in response.content.decode()
