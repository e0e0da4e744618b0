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
