"""Exactly-once delivery over a real SMTP server (aiosmtpd), retries and refused addresses."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email import policy
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from digests.models import Delivery, DigestRun
from digests.services import deliveries_send, digest_schedule
from digests.tasks import digest_send_batch, digest_tick
from digests.tests.factories import publish_notice, subscriber
from tests.factories import make_org
from tests.smtp import SmtpSink

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # Monday 08:00 IST


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        server.point_django_at_it(settings)
        settings.DIGEST_MAX_ATTEMPTS = 3
        yield server.handler


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    """The periodic task, with its on-commit fan-out run as a committed tick would."""

    def run(now: datetime) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            digest_tick(now=now.isoformat())

    return run


@pytest.fixture
def eager_retries():
    """Let eager Celery run `self.retry(...)` at once (it re-raises Retry when propagating)."""
    from forum.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def indians(count: int, *, prefix: str = "p"):
    org = make_org(name_en="Ludhiana Forge", country="IN", region="IN-PB")
    return [subscriber(f"{prefix}{i}@example.com", org) for i in range(count)]


def news(regulator_org):
    return publish_notice(regulator_org, when=NOW - timedelta(hours=3), title_en="GST change")


def test_it_sends_each_due_person_one_message(tick, sink, regulator_org):
    people = indians(5)
    news(regulator_org)
    tick(NOW)
    assert sink.counts == {p.email: 1 for p in people}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_it_sends_nothing_again_when_a_batch_is_retried(tick, sink, regulator_org):
    people = indians(4)
    news(regulator_org)
    batches = digest_schedule(now=NOW).batches
    ids = [i for batch in batches for i in batch]
    deliveries_send(delivery_ids=ids, now=NOW)
    again = deliveries_send(delivery_ids=ids, now=NOW)
    tick(NOW + timedelta(minutes=15))
    assert again.sent == 0
    assert sink.counts == {p.email: 1 for p in people}


def test_it_marks_unknown_when_the_connection_drops_after_the_final_dot(
    tick, sink, regulator_org, eager_retries
):
    """RFC 1047: the server may have taken the message it did not answer for; resending it
    could deliver it twice, so that one row becomes `unknown`, like a killed worker's."""
    people = indians(4)
    news(regulator_org)
    sink.drop_after = 2
    tick(NOW)
    statuses = dict(Delivery.objects.values_list("user__email", "status"))
    lost = [email for email, status in statuses.items() if status == "unknown"]
    assert len(lost) == 1
    assert "before the reply" in Delivery.objects.get(status="unknown").error
    assert sorted(statuses.values()) == ["sent", "sent", "sent", "unknown"]
    # Received once, counted by the server; never resent by the retries that followed.
    assert sink.counts == {p.email: 1 for p in people}
    tick(NOW + timedelta(minutes=15))
    assert sink.counts == {p.email: 1 for p in people}


def test_it_resends_after_a_lost_reply_only_when_told_to(
    tick, sink, regulator_org, eager_retries, settings
):
    settings.DIGEST_RESEND_INTERRUPTED = True
    indians(3)
    news(regulator_org)
    sink.drop_after = 1
    tick(NOW)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(sink.counts.values()) == [1, 1, 2]  # the one whose reply was lost, twice


def test_it_records_nothing_new_as_skipped_without_email(db, tick, sink):
    indians(2)
    tick(NOW)
    assert sink.total == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}


def test_it_starts_the_next_digest_where_the_previous_one_ended(tick, sink, regulator_org):
    people = indians(1)
    news(regulator_org)
    tick(NOW)
    tick(NOW + timedelta(days=1))
    assert sink.counts == {people[0].email: 1}
    assert Delivery.objects.filter(status="skipped").count() == 1


def test_it_sends_html_and_text_parts_with_unsubscribe_headers(tick, sink, regulator_org):
    indians(1)
    news(regulator_org)
    tick(NOW)
    message = email.message_from_bytes(sink.messages[0], policy=policy.default)
    assert (
        str(message["List-Unsubscribe"]).strip().startswith(f"<{django_settings.SITE_URL}/digests/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)).get_content().count("GST change") == 1
    assert "GST change" in message.get_body(("html",)).get_content()


def test_it_retries_a_temporary_failure_a_bounded_number_of_times(
    tick, sink, regulator_org, eager_retries
):
    people = indians(3)
    news(regulator_org)
    sink.refuse[people[1].email] = "451 4.7.1 try again later"
    tick(NOW)
    failed = Delivery.objects.get(user=people[1])
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.error.startswith("451")
    assert sink.counts == {people[0].email: 1, people[2].email: 1}


def test_it_backs_off_between_retries():
    from digests import tasks

    assert [tasks.backoff_seconds(n) for n in range(4)] == [60, 240, 960, 3600]


def test_it_asks_celery_to_retry_only_the_failed_rows_with_a_countdown(sink, regulator_org):
    from celery.exceptions import Retry

    people = indians(2)
    news(regulator_org)
    sink.refuse[people[0].email] = "421 4.3.2 busy"
    ids = [i for batch in digest_schedule(now=NOW).batches for i in batch]
    with pytest.raises(Retry) as retry:
        digest_send_batch.apply(args=[ids, None, NOW.isoformat()], throw=True)
    assert retry.value.when == 60
    assert retry.value.sig.args[0] == [Delivery.objects.get(user=people[0]).pk]
    assert sink.counts == {people[1].email: 1}


def test_it_marks_a_permanently_refused_address_and_skips_it(tick, sink, regulator_org):
    people = indians(2)
    news(regulator_org)
    sink.refuse[people[0].email] = "550 5.1.1 no such mailbox"
    tick(NOW)
    refused = Delivery.objects.get(user=people[0])
    assert (refused.status, refused.attempts) == ("bounced", 1)
    people[0].digest_preference.refresh_from_db()
    assert people[0].digest_preference.bounced_email == people[0].email
    publish_notice(regulator_org, when=NOW + timedelta(hours=2), title_en="Next")
    tick(NOW + timedelta(days=1))
    assert Delivery.objects.filter(user=people[0]).count() == 1
    assert sink.counts == {people[1].email: 2}


def test_it_retries_the_whole_batch_when_the_server_is_down(
    tick, settings, regulator_org, eager_retries
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS = "127.0.0.1", False
    from forum.devstack import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    settings.DIGEST_MAX_ATTEMPTS = 2
    indians(2)
    news(regulator_org)
    tick(NOW)
    rows = list(Delivery.objects.values_list("status", "error"))
    assert [status for status, _ in rows] == ["failed", "failed"]
    assert all("Connection refused" in error or "Errno" in error for _, error in rows)


def _subprocess_env(port: int) -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{quote(db['HOST'] or '127.0.0.1', safe='')}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="0",
        EMAIL_URL="",
        PORTAL_TESTING="1",
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


WORKER = """
import sys, django
django.setup()
from digests.tasks import digest_send_batch
ids = [int(x) for x in sys.argv[1].split(",")]
digest_send_batch.apply(args=[ids, None, sys.argv[2]])
"""


@pytest.mark.django_db(transaction=True)
def test_it_delivers_the_rest_once_after_the_worker_is_killed(settings, regulator_org):
    with SmtpSink() as server:
        server.point_django_at_it(settings)
        handler = server.handler
        people = indians(12)
        news(regulator_org)
        ids = [i for batch in digest_schedule(now=NOW).batches for i in batch]
        handler.pause_after = 5  # the 5th message is accepted, then its reply is held
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, ",".join(map(str, ids)), NOW.isoformat()],
            env=_subprocess_env(server.port),
            cwd=django_settings.BASE_DIR,
        )
        try:
            assert handler.paused.wait(60), "the worker never reached the 5th message"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
            handler.release.set()
        assert handler.total == 5
        statuses = list(Delivery.objects.values_list("status", flat=True))
        assert sorted(set(statuses)) == ["pending", "sending", "sent"]
        # Running again after the lease: the interrupted row is not resent, the rest go out.
        later = NOW + timedelta(minutes=15)
        digest_tick(now=later.isoformat())
        assert handler.counts == {p.email: 1 for p in people}
        final = sorted(Delivery.objects.values_list("status", flat=True))
        assert final.count("sent") == 11 and final.count("unknown") == 1
        assert DigestRun.objects.latest("started_at").recovered == 1


def test_the_batch_task_is_registered_for_the_beat_schedule():
    assert digest_tick.name == "digests.tasks.digest_tick"
    assert digest_send_batch.name == "digests.tasks.digest_send_batch"
    scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "digests.tasks.digest_tick" in scheduled


def test_it_warms_the_renderer_when_a_worker_process_starts(monkeypatch):
    from celery.signals import worker_process_init

    from digests import render, tasks

    calls = []
    monkeypatch.setattr(tasks, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(render, "_process_renderer", None)
    worker_process_init.send(sender=None)
    assert calls == ["warm_up"]
    assert render._process_renderer is not None
