"""Every CSV a page offers to download has its header row in the reader's language; the API's
CSV keeps the schema's field names for scripts (forum/csvexport.py says why)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import record_mfa_session

ROLES = {
    "msme": "msme.india@demo.ijsme.example",
    "financier": "financier@demo.ijsme.example",
    "admin": "admin@demo.ijsme.example",
}


def _exports(role: str, user) -> list[str]:
    from programs.models import FundingWindow

    if role == "msme":
        return [
            reverse("matchmaking:directory") + "?format=csv",
            reverse("matchmaking:shortlist") + "?format=csv",
            reverse("programs:notice_list") + "?format=csv",
            reverse("programs:window_list") + "?format=csv",
            reverse("programs:programme_list") + "?format=csv",
            reverse("home:msme_dashboard", args=[user.organisation.slug]) + "?csv=profile-views",
        ]
    if role == "financier":
        window = FundingWindow.objects.filter(organisation=user.organisation).first()
        return [
            reverse("programs:window_interests", args=[window.pk]) + "?format=csv",
            reverse("home:window_dashboard", args=[window.pk]) + "?csv=interests",
        ]
    return [
        reverse("partnerships:outcomes_csv"),
        reverse("home:staff_dashboard") + "?csv=introductions",
        reverse("home:staff_dashboard") + "?csv=outcomes",
    ]


def _table(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", list(ROLES))
def test_every_html_csv_export_has_its_header_in_japanese_and_hindi(client, demo, role):
    from accounts.models import User

    user = User.objects.select_related("organisation").get(email=ROLES[role])
    record_mfa_session(client, user)
    untranslated = []
    for url in _exports(role, user):
        User.objects.filter(pk=user.pk).update(language="en")
        english = _table(client.get(url))
        for language in ("ja", "hi"):
            User.objects.filter(pk=user.pk).update(language=language)
            table = _table(client.get(url))
            assert len(table[0]) == len(english[0]), url
            untranslated += [
                f"{language} {url}: {label!r}"
                for label, translated in zip(english[0], table[0], strict=True)
                if label == translated
            ]
            # the values are the same data whatever the header's language
            assert len(table) == len(english), url
    assert untranslated == []


def test_the_interests_csv_reads_in_japanese(client, demo):
    from accounts.models import User
    from programs.models import FundingWindow

    user = User.objects.get(email=ROLES["financier"])
    User.objects.filter(pk=user.pk).update(language="ja")
    record_mfa_session(client, user)
    window = FundingWindow.objects.filter(organisation=user.organisation_id).first()
    header = _table(
        client.get(reverse("programs:window_interests", args=[window.pk]), {"format": "csv"})
    )[0]
    assert header[:6] == ["組織", "国", "送信者", "送信日時（UTC）", "状態", "応募資格"]


def test_the_api_csv_keeps_the_schema_field_names_in_every_language(api_client, demo):
    headers = {}
    for language in ("en", "ja", "hi"):
        response = api_client.get(
            "/api/v1/funding-windows/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE=language
        )
        headers[language] = _table(response)[0]
    assert "title_en" in headers["en"] and "amount_min" in headers["en"]
    assert headers["ja"] == headers["en"] == headers["hi"]
