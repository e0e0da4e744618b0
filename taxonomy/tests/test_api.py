"""The vocabularies' API names every term in the request's language and in all three."""

from __future__ import annotations

import pytest

from taxonomy.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def sector():
    return Sector.objects.get_or_create(
        slug="food-processing-test",
        defaults={"name_en": "Food processing", "name_ja": "食品加工", "name_hi": "खाद्य प्रसंस्करण"},
    )[0]


def _item(response, slug):
    assert response.status_code == 200
    return next(item for item in response.json() if item["slug"] == slug)


def test_it_names_terms_in_the_accept_language(api_client, sector):
    response = api_client.get("/api/v1/taxonomy/sectors/", HTTP_ACCEPT_LANGUAGE="ja")
    item = _item(response, sector.slug)
    assert item["name"] == "食品加工"
    assert item["names"] == {"en": "Food processing", "ja": "食品加工", "hi": "खाद्य प्रसंस्करण"}


def test_the_lang_parameter_wins_over_the_header(api_client, sector):
    response = api_client.get(
        "/api/v1/taxonomy/sectors/", {"lang": "hi"}, HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert _item(response, sector.slug)["name"] == "खाद्य प्रसंस्करण"


def test_it_falls_back_to_english_for_a_missing_name(api_client):
    Sector.objects.create(slug="only-english", name_en="Only English")
    response = api_client.get("/api/v1/taxonomy/sectors/", {"lang": "ja"})
    assert _item(response, "only-english")["name"] == "Only English"


def test_it_ignores_an_unknown_lang(api_client, sector):
    response = api_client.get("/api/v1/taxonomy/sectors/", {"lang": "xx<script>"})
    assert _item(response, sector.slug)["name"] == "Food processing"


def test_the_schema_documents_lang_and_names(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/taxonomy/sectors/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"lang", "Accept-Language"}
    assert "names" in schema["components"]["schemas"]["Sector"]["properties"]
