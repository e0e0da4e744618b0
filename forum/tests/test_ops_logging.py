"""Request ids and log lines: the id goes back to the client and into the tasks the request
queued; lines are JSON in production; no demo person's address reaches a line."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from datetime import time as dtime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection

from forum.ops.logging import JsonFormatter, RequestContextFilter, TextFormatter, redact

ROOT = Path(__file__).resolve().parents[2]


# --- request ids ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_it_returns_a_request_id_header(client):
    first = client.get("/healthz/live")["X-Request-ID"]
    second = client.get("/healthz/live")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_it_keeps_a_well_formed_id_from_the_proxy_and_replaces_a_bad_one(client):
    kept = client.get("/healthz/live", HTTP_X_REQUEST_ID="edge-1234abcd.5678")
    assert kept["X-Request-ID"] == "edge-1234abcd.5678"
    replaced = client.get("/healthz/live", HTTP_X_REQUEST_ID='bad id" injected\n{"level":"x"}')
    assert replaced["X-Request-ID"] != 'bad id" injected\n{"level":"x"}'
    assert len(replaced["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_request_line_names_the_route_not_the_path(client, json_logs):
    response = client.get("/partners/org/a-secret-slug/?q=find+me")
    lines = [json.loads(line) for line in json_logs.lines]
    request_line = next(line for line in lines if line["name"] == "portal.request")
    assert request_line["route"] == "partners/org/<slug:slug>/"
    assert request_line["status"] == response.status_code
    assert request_line["request_id"] == response["X-Request-ID"]
    assert "a-secret-slug" not in json_logs.text and "find" not in json_logs.text
    # Django's own "Not Found" line comes after the middleware; it still carries the id.
    not_found = [line for line in lines if line["name"] == "django.request"]
    assert all(line["request_id"] == response["X-Request-ID"] for line in not_found)


# --- formats --------------------------------------------------------------------------------
def _record(message: str, *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    RequestContextFilter().filter(record)
    return record


def test_json_lines_have_the_fields_an_operator_searches():
    line = json.loads(JsonFormatter().format(_record("delivery %s failed", 17, delivery=17)))
    assert line["level"] == "WARNING"
    assert line["name"] == "portal.test"
    assert line["message"] == "delivery 17 failed"
    assert line["delivery"] == 17
    assert "time" in line and "request_id" in line


def test_lines_never_carry_an_address_even_from_an_exception():
    try:
        raise RuntimeError("recipient refused: {'someone@example.org': (550, b'no')}")
    except RuntimeError:
        record = _record("sending to %s failed", "other.person@mail.example.co.in")
        record.exc_info = sys.exc_info()
    for formatter in (JsonFormatter(), TextFormatter()):
        text = formatter.format(record)
        assert "@" not in text.replace("[email]", ""), text
        assert "[email]" in text
    assert redact("mail a.b+c@x-y.example.jp now") == "mail [email] now"


def test_development_lines_are_text_with_the_request_id():
    from forum.ops.context import reset_request_id, set_request_id

    token = set_request_id("abcdef0123456789")
    try:
        text = TextFormatter().format(_record("hello"))
    finally:
        reset_request_id(token)
    assert "[rid=abcdef0123456789]" in text and text.endswith("hello")


def test_production_settings_log_json_and_development_settings_text():
    script = (
        "import django, logging; django.setup(); from django.conf import settings; "
        "print(settings.LOG_FORMAT); logging.getLogger('portal.x').warning('hi %s', 1)"
    )
    for debug, expected in (("0", "json"), ("1", "text")):
        env = {k: v for k, v in os.environ.items() if k != "LOG_FORMAT"}
        proc = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, "DEBUG": debug},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.stdout.strip() == expected, proc.stderr
        last = proc.stderr.strip().splitlines()[-1]
        if expected == "json":
            assert json.loads(last)["message"] == "hi 1"
        else:
            assert last.endswith("hi 1") and not last.startswith("{")


def _journey(client, capture_on_commit, india_email, japan_email, japan) -> None:
    from accounts.demo import DEMO_PASSWORD
    from digests.tasks import digest_tick
    from matchmaking.models import PartnershipType

    with capture_on_commit(execute=True):
        # A visitor browses, searches for an address and mistypes a page with one in it.
        assert client.get("/").status_code == 200
        assert client.get("/partners/").status_code in (200, 302)
        client.get(f"/partners/?q={quote(india_email)}")
        client.get(f"/no-such-page/{india_email}/")
        # Sign-in through allauth, a failed one first.
        client.post("/accounts/login/", {"login": india_email, "password": "wrong-password"})
        login = client.post("/accounts/login/", {"login": india_email, "password": DEMO_PASSWORD})
        assert login.status_code == 302
        client.get("/partners/matches/")
        client.get(f"/partners/org/{japan.organisation.slug}/")
        created = client.post(
            "/api/v1/introductions/",
            {
                "profile": japan.pk,
                "partnership_type": PartnershipType.objects.first().slug,
                "message": "We machine brake parts; shall we talk?",
            },
            content_type="application/json",
        )
        assert created.status_code == 201, created.content
        client.get("/account/export/")
        client.post("/accounts/logout/")
        # The Japanese SME accepts: contact details unlock, mails go out.
        client.post("/accounts/login/", {"login": japan_email, "password": DEMO_PASSWORD})
        accepted = client.post(f"/api/v1/introductions/{created.json()['id']}/accept/")
        assert accepted.status_code == 200, accepted.content
        client.get(f"/partners/org/{created.json()['from_organisation']['slug']}/")
        client.post("/accounts/logout/")
        # Someone resets a demo password, someone new signs up.
        client.post("/accounts/password/reset/", {"email": india_email})
        signup = client.post(
            "/accounts/signup/",
            {
                "full_name": "New Member",
                "email": "new.member@demo.ijsme.example",
                "signup_kind": "msme",
                "password1": "a-long-new-password-42",
                "password2": "a-long-new-password-42",
            },
        )
        assert signup.status_code == 302
        # The morning digest, at 08:00 in India.
        eight = datetime.combine(datetime.now(ZoneInfo("Asia/Kolkata")).date(), dtime(8, 5))
        digest_tick.delay(eight.replace(tzinfo=ZoneInfo("Asia/Kolkata")).isoformat())


# --- a full journey leaves no demo address in the logs --------------------------------------
def test_no_demo_address_appears_in_the_logs_of_a_full_journey(
    client, demo, json_logs, django_capture_on_commit_callbacks, mailoutbox
):
    from accounts.demo import ACCOUNTS
    from accounts.models import User
    from matchmaking.models import PartnerProfile

    india_email = "msme.india@demo.ijsme.example"
    japan_email = "sme.japan@demo.ijsme.example"
    japan = PartnerProfile.objects.get(organisation__slug="osaka-seimitsu-tooling")
    raw_messages: list[str] = []

    class Raw(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raw_messages.append(record.getMessage())
            if record.exc_info:
                raw_messages.append(logging.Formatter().formatException(record.exc_info))

    raw_handler = Raw(logging.DEBUG)
    logging.getLogger().addHandler(raw_handler)  # after json_logs' handler, which tidies paths
    try:
        _journey(client, django_capture_on_commit_callbacks, india_email, japan_email, japan)
    finally:
        logging.getLogger().removeHandler(raw_handler)
    assert len(mailoutbox) >= 3  # introduction mails, reset, sign-up confirmation
    addresses = {a.email for a in ACCOUNTS} | set(User.objects.values_list("email", flat=True))
    assert india_email in addresses and len(addresses) >= 6
    lines = json_logs.lines
    assert len(lines) >= 15, lines  # the journey was logged, line by line
    assert all(json.loads(line) for line in lines)
    for address in addresses:
        assert address.lower() not in json_logs.text.lower(), address
    assert "@demo.ijsme.example" not in json_logs.text
    # And no source even tried: the raw messages, before any redaction, hold none either.
    raw = "\n".join(raw_messages).lower()
    for address in addresses:
        assert address.lower() not in raw, address


# --- a request's id follows it into the worker ----------------------------------------------
def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_request_id_reaches_the_log_lines_of_the_task_it_queued(
    client, json_logs, tmp_path, alice, bob
):
    from forum.celery import app
    from matchmaking.models import Introduction, PartnershipType
    from matchmaking.tests.factories import ensure_taxonomy, make_profile

    ensure_taxonomy()  # earlier transactional tests flush the migrations' taxonomy rows
    make_profile(alice.organisation, headline_en="Brakes")
    target = make_profile(bob.organisation, headline_en="Tooling")

    db = connection.settings_dict
    worker_log = tmp_path / "worker.log"
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
        f"{quote(db['HOST'] or '127.0.0.1', safe='')}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        PORTAL_TESTING="1",
        CELERY_TASK_ALWAYS_EAGER="0",
        LOG_FORMAT="json",
        EMAIL_URL="memory://",  # the mail itself is not what this test reads
    )
    app.conf.task_always_eager = False  # the root conftest turns it back on per test
    app.control.purge()
    with worker_log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "forum", "worker", "-P", "solo", "-n",
             "ops-rid@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-l", "INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        client.force_login(alice)
        response = client.post(
            "/api/v1/introductions/",
            {
                "profile": target.pk,
                "partnership_type": PartnershipType.objects.first().slug,
                "message": "Hello from the ops test",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        request_id = response["X-Request-ID"]
        introduction = Introduction.objects.get(pk=response.json()["id"])

        def mailed() -> bool:
            introduction.refresh_from_db()
            return introduction.request_mailed_at is not None and "succeeded" in (
                worker_log.read_text()
            )

        assert _wait(mailed, 60), worker_log.read_text()[-3000:]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        app.control.purge()

    web = [json.loads(line) for line in json_logs.lines]
    assert any(
        line["name"] == "portal.request" and line["request_id"] == request_id for line in web
    )
    task_lines = []
    for raw in worker_log.read_text().splitlines():
        if raw.startswith("{"):
            line = json.loads(raw)
            if line.get("task_name") == "matchmaking.tasks.introduction_notify":
                task_lines.append(line)
    assert task_lines, worker_log.read_text()[-3000:]
    assert all(line["request_id"] == request_id for line in task_lines), task_lines
    assert any("succeeded" in line["message"] for line in task_lines)
