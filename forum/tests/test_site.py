from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_ok(client):
    from forum.tasks import beat_heartbeat

    beat_heartbeat.delay()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "ok")
    assert body["beat"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_503_when_broker_is_down(client, monkeypatch):
    from forum.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "needle"), [("ja", "日本のSME"), ("hi", "भारतीय")])
def test_home_follows_accept_language(client, language, needle):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert needle in response.content.decode()


@pytest.mark.django_db
def test_signed_in_language_choice_is_remembered(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "hi", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "hi"
    assert 'lang="hi"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_schema_and_docs(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_api_me_requires_sign_in(api_client, alice):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()
    api_client.force_authenticate(alice)
    body = api_client.get("/api/v1/me/").json()
    assert body["email"] == "alice@example.com"
    assert body["organisation"]["kind"] == "msme"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"PORTAL_TESTING", "DEBUG", "SECRET_KEY", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra)
    return env


def test_production_refuses_to_start_without_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_env(DEBUG="0"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_strict_booleans():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_env(DEBUG="maybe"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "not a boolean" in result.stderr


def test_deploy_check_passes_with_production_settings():
    env = _env(
        DEBUG="0",
        SECRET_KEY="q" * 20 + "Zx8-Kp2_Lm4#Vn6!Rt9@Wy3$Hb5%Jd7",
        ALLOWED_HOSTS="portal.example.org",
        SITE_URL="https://portal.example.org",
        DATABASE_URL="postgres://portal@127.0.0.1:5432/portal",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://mailer:secret@smtp.example.org:587/?tls=True",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_the_404_page_is_branded_and_translated(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ページが見つかりません" in html and "日印中小企業フォーラム" in html
    assert "favicon.svg" in html


def test_the_500_page_renders_without_a_database_or_request(settings):
    from django.db import connections
    from django.template import loader
    from django.utils import translation

    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    with translation.override("hi"):
        connection = connections["default"]
        original = connection.cursor
        connection.cursor = refuse
        try:
            html = loader.get_template("500.html").render()
        finally:
            connection.cursor = original
    assert "कुछ गड़बड़ हो गई" in html and "भारत–जापान एसएमई फ़ोरम" in html


@pytest.mark.django_db
def test_the_admin_names_apps_and_models_in_the_readers_language(mfa_login, client, admin_user):
    admin_user.language = "ja"
    admin_user.save(update_fields=["language"])
    mfa_login(client, admin_user)
    html = client.get("/admin/").content.decode()
    assert "プログラムと資金" in html and "関心表明" in html and "分類語彙" in html
    assert "政策通知s" not in html and "Programmes and funding" not in html
