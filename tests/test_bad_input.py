"""Malformed requests get a 4xx in the API's error format (pages: a 400 page), never a 500.

Each case here was a 500 once: a NUL byte in a filter, a non-numeric id in a custom action, a
non-ASCII Authorization header, 50,000 nested brackets, an oversized body.
"""

from __future__ import annotations

import pytest

API_FILTERS = [
    "/api/v1/notices/?q=a%00b",
    "/api/v1/funding-windows/?q=a%00b",
    "/api/v1/programs/?q=a%00b",
    "/api/v1/profiles/?q=a%00b",
    "/api/v1/organisations/?q=a%00b",
    "/api/v1/forum/threads/?q=a%00b",
    "/api/v1/notices/?jurisdiction=%00",
    "/api/v1/profiles/?sector=a%00",
]
PAGE_FILTERS = [
    "/programs/notices/?q=a%00b",
    "/programs/funding/?q=a%00b",
    "/programs/?q=a%00b",
    "/partners/?q=a%00b",
    "/forum/b/funding-qa/?q=a%00b",
]
NON_NUMERIC_IDS = [
    ("get", "/api/v1/forum/threads/abc/"),
    ("get", "/api/v1/forum/threads/%C2%B2/"),
    ("post", "/api/v1/forum/threads/abc/lock/"),
    ("post", "/api/v1/forum/threads/abc/subscribe/"),
    ("post", "/api/v1/forum/posts/abc/approve/"),
    ("post", "/api/v1/interests/abc/withdraw/"),
    ("post", "/api/v1/enrolments/abc/cancel/"),
    ("post", "/api/v1/program-sessions/abc/enrol/"),
    ("get", "/api/v1/notices/1e3/"),
    ("get", "/api/v1/introductions/abc/"),
    ("delete", "/api/v1/tokens/abc/"),
    ("get", "/api/v1/match-runs/abc/"),
]


@pytest.fixture
def qa_board_db(db):
    from forum.discussions.models import Board

    return Board.objects.create(slug="funding-qa", name_en="Funding Q&A", is_qa=True)


def assert_api_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    return error


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_FILTERS)
def test_it_refuses_nul_bytes_in_api_filters(client, alice, url):
    client.force_login(alice)
    assert_api_error(client.get(url), 400)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGE_FILTERS)
def test_it_refuses_nul_bytes_in_page_filters(client, alice, qa_board_db, url):
    client.force_login(alice)
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_it_refuses_nul_bytes_in_form_and_json_fields(client, alice, qa_board_db):
    from forum.discussions.models import Thread

    client.force_login(alice)
    response = client.post(
        "/forum/b/funding-qa/new/", {"title": "Hi\x00", "language": "en", "body": "x"}
    )
    assert response.status_code == 400
    response = client.post(
        "/api/v1/forum/threads/",
        {"board": "funding-qa", "title": "Hi", "language": "en", "body": "a\x00b"},
        content_type="application/json",
    )
    error = assert_api_error(response, 400)
    assert "body" in error["fields"]
    assert not Thread.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), NON_NUMERIC_IDS)
def test_it_answers_404_for_non_numeric_ids(client, admin_user, mfa_login, method, url):
    mfa_login(client, admin_user)
    response = getattr(client, method)(url, content_type="application/json")
    assert_api_error(response, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("thread", ["²", "abc", "-1", "1" * 40])
def test_it_refuses_a_thread_filter_that_is_not_an_id(client, thread):
    response = client.get("/api/v1/forum/posts/", {"thread": thread})
    assert response.status_code in (400, 404)
    assert response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Token ключ", "Tökén abc", "Bearer \xe9\xe9", "ключ"])
def test_it_refuses_non_ascii_authorization_headers(client, header):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert_api_error(response, 401)


@pytest.mark.django_db
def test_it_refuses_deeply_nested_json(client, alice):
    client.force_login(alice)
    body = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/v1/forum/threads/", body, content_type="application/json")
    assert_api_error(response, 400)
    body = '{"a":' * 40 + "1" + "}" * 40  # under the recursion limit, over the depth limit
    response = client.post("/api/v1/forum/threads/", body, content_type="application/json")
    assert_api_error(response, 400)


@pytest.mark.django_db
def test_it_refuses_an_oversized_json_body_with_413(client, alice, settings):
    client.force_login(alice)
    body = '{"title": "' + "x" * (settings.API_MAX_JSON_BYTES + 1) + '"}'
    response = client.post("/api/v1/forum/threads/", body, content_type="application/json")
    error = assert_api_error(response, 413)
    assert error["code"] == "too_large"


@pytest.mark.django_db
def test_it_answers_unknown_api_routes_in_the_error_format(client):
    assert_api_error(client.get("/api/v1/no-such-thing/"), 404)


@pytest.mark.django_db
def test_it_challenges_unauthenticated_api_calls_with_401(client):
    response = client.post("/api/v1/tokens/", {"name": "x"}, content_type="application/json")
    assert_api_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_it_lists_every_resource_at_the_api_root(client):
    body = client.get("/api/v1/").json()
    for name in (
        "api-me",
        "api-organisation",
        "api-token",
        "notice",
        "funding-window",
        "programme",
        "enrolment",
        "profile",
        "match",
        "introduction",
        "match-run",
        "forum-board",
        "forum-thread",
        "forum-post",
        "forum-moderation-queue",
        "digest-preferences-me",
    ):
        assert name in body, name
        assert body[name].startswith("http://testserver/api/v1/")


def test_it_serves_swagger_ui_from_static_vendor(client, settings):
    page = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "<style>" not in page  # the CSP allows 'self' only
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "LICENSE"):
        assert finders.find(f"vendor/swagger-ui/{name}"), name
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_it_answers_a_broken_multipart_body_in_the_error_format(client, alice):
    client.force_login(alice)
    response = client.generic(
        "POST", "/api/v1/forum/flags/", b"--x\r\n", content_type="multipart/form-data"
    )
    assert_api_error(response, 400)
