"""The compose file is safe by default: production mail needs EMAIL_URL, Mailpit is dev-only and
local, gunicorn is reachable only through a proxy on the host; signed-in pages are not cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
PRODUCTION = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_it_requires_email_url_for_every_production_service(compose):
    for name in PRODUCTION:
        email_url = compose["services"][name]["environment"]["EMAIL_URL"]
        assert re.fullmatch(r"\$\{EMAIL_URL:\?.+\}", email_url), (name, email_url)
        assert "mailpit" not in email_url


def test_it_keeps_mailpit_in_the_dev_profile_on_localhost(compose):
    mailpit = compose["services"]["mailpit"]
    assert mailpit["profiles"] == ["dev"]
    assert all(port.startswith("127.0.0.1:") for port in mailpit["ports"])
    for name, service in compose["services"].items():
        if "profiles" not in service:
            assert "mailpit" not in (service.get("depends_on") or {}), name


def test_it_publishes_gunicorn_only_on_localhost_and_trusts_no_proxy_by_default(compose):
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    for name in PRODUCTION:
        assert compose["services"][name]["environment"]["TRUST_PROXY_HEADERS"] == (
            "${TRUST_PROXY_HEADERS:-0}"
        )


def test_it_ignores_x_forwarded_proto_unless_told_to_trust_it(settings, rf):
    assert not settings.TRUST_PROXY_HEADERS
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert not rf.get("/", HTTP_X_FORWARDED_PROTO="https").is_secure()


@pytest.mark.django_db
def test_it_sends_no_store_on_signed_in_pages_only(client, alice):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(alice)
    for url in ("/", "/account/", "/partners/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
