"""Sentry: on only with SENTRY_DSN, in the web process and the worker, without personal data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from forum.ops.sentry import before_send

ROOT = Path(__file__).resolve().parents[2]
DSN = "https://public@sentry.invalid/1"

_PROBE = """
import json, sys
{setup}
import sentry_sdk
client = sentry_sdk.get_client()
print(json.dumps({{
    "active": client.is_active(),
    "pii": client.options.get("send_default_pii") if client.is_active() else None,
    "integrations": sorted(getattr(client, "integrations", {{}}).keys()),
    "before_send": getattr(client.options.get("before_send"), "__qualname__", None),
}}))
"""
_WEB = "import django; django.setup()"
# What `celery -A forum worker` does first: load the app, whose config loads the settings.
_WORKER = "from forum.celery import app; app.loader.import_default_modules(); app.conf.broker_url"


def _probe(setup: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(setup=setup)],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_it_stays_off_without_a_dsn():
    assert _probe(_WEB)["active"] is False
    assert _probe(_WORKER)["active"] is False


@pytest.mark.parametrize("setup", [_WEB, _WORKER], ids=["web", "worker"])
def test_it_reports_from_web_and_worker_without_personal_data(setup):
    state = _probe(setup, SENTRY_DSN=DSN)
    assert state["active"] is True
    assert state["pii"] is False
    assert {"django", "celery"} <= set(state["integrations"])
    assert state["before_send"] == "before_send"


def _event(url: str) -> dict:
    return {
        "request": {
            "url": url,
            "method": "POST",
            "data": {"email": "msme.india@demo.ijsme.example", "password": "x"},
            "cookies": {"sessionid": "abc"},
            "query_string": "next=/&email=sme.japan@demo.ijsme.example",
        },
        "exception": {
            "values": [{"type": "SMTPRecipientsRefused", "value": "{'a.person@example.org': 550}"}]
        },
        "breadcrumbs": {"values": [{"message": "mailing sme.japan@demo.ijsme.example"}]},
        "logentry": {"message": "to %s", "params": ["x@example.org"], "formatted": "to x@ex.org"},
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://portal.example.org/accounts/signup/",
        "https://portal.example.org/accounts/login/",
        "https://portal.example.org/account/preferences/",
        "https://portal.example.org/orgs/invite/",
        "https://portal.example.org/admin/accounts/user/1/change/",
    ],
)
def test_it_drops_the_bodies_of_account_pages(url):
    event = before_send(_event(url), {})
    assert "data" not in event["request"] and "cookies" not in event["request"]
    assert "@" not in json.dumps(event)


def test_it_keeps_other_bodies_but_no_address_anywhere_else():
    event = before_send(_event("https://portal.example.org/forum/threads/1/reply/"), {})
    assert event["request"]["data"]["password"] == "x"  # sentry's own scrubber takes these
    assert event["request"]["data"]["email"] == "[email]"
    assert "@" not in json.dumps(event)
    assert "[email]" in event["exception"]["values"][0]["value"]


def test_it_tags_the_event_with_the_request_id():
    from forum.ops.context import reset_request_id, set_request_id

    token = set_request_id("rid-0123456789")
    try:
        event = before_send({"message": "boom"}, {})
    finally:
        reset_request_id(token)
    assert event["tags"]["request_id"] == "rid-0123456789"
