"""`/metrics`: who may read it, and gauges that say what the database holds."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

DEMO_TOKEN = "metrics-token-for-tests-0123456789"

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = DEMO_TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return settings


def _scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {DEMO_TOKEN}")
    assert response.status_code == 200, response.content
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_it_is_not_found_when_switched_off(client, db, settings):
    settings.METRICS_ENABLED = False
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {DEMO_TOKEN}").status_code == 404


def test_it_refuses_a_scrape_without_the_token(client, db, metrics_on):
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"portal_" not in response.content


@pytest.mark.parametrize(
    "header", ["Bearer wrong-token-0123456789", DEMO_TOKEN, f"Basic {DEMO_TOKEN}", "Bearer ünï"]
)
def test_it_refuses_a_wrong_or_malformed_token(client, db, metrics_on, header):
    assert client.get("/metrics", HTTP_AUTHORIZATION=header).status_code == 401


def test_it_serves_a_bearer_of_the_token(client, db, metrics_on):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {DEMO_TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_serves_an_allowed_address_without_a_token(client, db, settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = None
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16", "127.0.0.1"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    refused = client.get("/metrics", REMOTE_ADDR="10.2.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert refused.status_code == 403


def test_it_shows_the_demo_data_in_the_business_gauges(client, demo, metrics_on):
    from accounts.models import Organisation
    from digests.models import Delivery, DigestRun
    from forum.discussions.models import Flag
    from forum.discussions.selectors import moderation_queue
    from forum.models import Heartbeat, OutboxMessage
    from forum.tasks import beat_heartbeat
    from matchmaking.models import Introduction, PartnerProfile, PartnershipType
    from matchmaking.runs.models import CurrentRun

    now = timezone.now()
    # The demo's pending financier waits for verification.
    pending_org = Organisation.objects.get(verification_status="pending")
    Organisation.objects.filter(pk=pending_org.pk).update(created_at=now - timedelta(hours=5))
    # Two introduction requests, one of them expiring tomorrow, one already answered (the
    # home demo's sample requests are cleared so the gauges count only these).
    Introduction.objects.all().delete()
    india = PartnerProfile.objects.get(organisation__slug="ludhiana-precision-auto-components")
    japan = PartnerProfile.objects.get(organisation__slug="osaka-seimitsu-tooling")
    others = list(PartnerProfile.objects.exclude(pk__in=[india.pk, japan.pk])[:2])
    kind = PartnershipType.objects.first()
    Introduction.objects.create(
        from_organisation=india.organisation, to_organisation=japan.organisation,
        partnership_type=kind, message="Hello", expires_at=now + timedelta(days=1),
    )  # fmt: skip
    Introduction.objects.create(
        from_organisation=india.organisation, to_organisation=others[0].organisation,
        partnership_type=kind, message="Hello",
    )  # fmt: skip
    Introduction.objects.create(
        from_organisation=india.organisation, to_organisation=others[1].organisation,
        partnership_type=kind, message="Hello", status="accepted",
    )  # fmt: skip
    # Digest deliveries: today's run 3 sent and 1 failed; a run two days ago is outside the day.
    user = india.organisation.members.first()
    today = DigestRun.objects.create(now=now, started_at=now - timedelta(hours=2))
    old = DigestRun.objects.create(now=now, started_at=now - timedelta(days=2))
    for i, (run, status) in enumerate(
        [(today, "sent"), (today, "sent"), (today, "sent"), (today, "failed"), (old, "failed")]
    ):
        Delivery.objects.create(
            user=user, kind="daily", period=(now - timedelta(days=10 + i)).date(), run=run,
            status=status, window_end=now,
        )  # fmt: skip
    Flag.objects.filter(status="open").update(created_at=now - timedelta(minutes=30))
    beat_heartbeat.delay()
    Heartbeat.objects.update(beat_at=now - timedelta(seconds=42))
    # Two tasks the broker has not taken yet, one it has.
    OutboxMessage.objects.all().delete()
    for sent_at in (None, None, now):
        OutboxMessage.objects.create(task="forum.tasks.beat_heartbeat", sent_at=sent_at)

    samples = _scrape(client)

    def value(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(labels.items())))]

    assert value("portal_business_metrics_up") == 1
    assert value("portal_introductions_pending") == 2
    assert value("portal_introductions_expiring_soon") == 1
    assert value("portal_verification_backlog") == 1
    assert 5 * 3600 <= value("portal_verification_oldest_age_seconds") < 5 * 3600 + 120
    # The demo forum has one flagged post in the moderation queue.
    assert value("portal_moderation_queue_size") == moderation_queue().count() == 1
    assert 1800 <= value("portal_moderation_oldest_flag_age_seconds") < 1800 + 120
    run = CurrentRun.objects.select_related("run").get(pk=1).run
    assert run.status == "complete"
    assert value("portal_match_run_last_complete_duration_seconds") == pytest.approx(
        (run.finished_at - run.started_at).total_seconds()
    )
    assert 0 <= value("portal_match_run_last_complete_age_seconds") < 600
    assert value("portal_digest_deliveries_last_day", status="sent") == 3
    assert value("portal_digest_deliveries_last_day", status="failed") == 1
    assert value("portal_digest_deliveries_last_day", status="bounced") == 0
    assert 42 <= value("portal_beat_last_tick_age_seconds") < 100
    assert value("portal_beat_heartbeat_interval_seconds") == 60
    assert value("portal_outbox_waiting") == 2
    assert value("portal_celery_queue_length", queue="celery") >= 0


def test_it_counts_the_moderation_queue_and_its_oldest_flag(client, db, metrics_on, alice, bob):
    from forum.discussions.models import Board, Flag, Post, Thread

    board = Board.objects.create(slug="ops", name_en="Ops")
    thread = Thread.objects.create(board=board, title="T", author=alice)
    waiting = Post.objects.create(thread=thread, author=alice, body="x", status="pending")
    flagged = Post.objects.create(thread=thread, author=alice, body="y", open_flag_count=1)
    Post.objects.create(thread=thread, author=alice, body="z")
    Flag.objects.create(post=flagged, flagger=bob, reason="spam")
    Flag.objects.filter(post=flagged).update(created_at=timezone.now() - timedelta(hours=3))
    samples = _scrape(client)
    assert samples[("portal_moderation_queue_size", ())] == 2
    assert 3 * 3600 <= samples[("portal_moderation_oldest_flag_age_seconds", ())] < 3 * 3600 + 60
    assert waiting.pk


def test_it_counts_messages_waiting_in_a_queue(client, db, metrics_on, settings):
    from forum.celery import app

    with app.connection_for_write() as conn:
        client_ = conn.default_channel.client
        client_.delete("ops-test-queue")
        client_.rpush("ops-test-queue", "a", "b", "c")
    settings.CELERY_TASK_ROUTES = {"x.y": {"queue": "ops-test-queue"}}
    app.conf.task_routes = {"x.y": {"queue": "ops-test-queue"}}
    try:
        samples = _scrape(client)
    finally:
        app.conf.task_routes = None
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete("ops-test-queue")
    assert samples[("portal_celery_queue_length", (("queue", "ops-test-queue"),))] == 3


def _settings_error(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("METRICS_", "SENTRY_"))}
    proc = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.stderr if proc.returncode else ""


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"METRICS_ENABLED": "1"}, "needs METRICS_TOKEN"),
        ({"METRICS_ENABLED": "maybe"}, "is not a boolean"),
        ({"METRICS_ENABLED": "1", "METRICS_TOKEN": "short"}, "at least 16"),
        ({"METRICS_ENABLED": "1", "METRICS_ALLOWED_IPS": "10.0.0.0/8,prometheus"}, "not an IP"),
        ({"BEAT_HEARTBEAT_INTERVAL": "soon"}, "is not an integer"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"SENTRY_DSN": "not-a-dsn"}, "SENTRY_DSN"),
    ],
)
def test_it_refuses_bad_operations_settings(env, message):
    assert message in _settings_error(**env)


def _counter(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_it_counts_model_inserts_updates_and_deletes_without_touching_the_models(db):
    from django.db.models.signals import post_delete, post_save

    from forum.models import Heartbeat
    from forum.ops.instrumentation import _deleted, _saved, connect_model_counters

    connect_model_counters()
    try:
        label = {"model": "forum.heartbeat"}
        before = [
            _counter(f"django_model_{kind}_total", **label)
            for kind in ("inserts", "updates", "deletes")
        ]
        row = Heartbeat.objects.create(name="x", beat_at=timezone.now())
        row.save()
        row.delete()
        after = [
            _counter(f"django_model_{kind}_total", **label)
            for kind in ("inserts", "updates", "deletes")
        ]
        assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 1]
    finally:
        post_save.disconnect(_saved, dispatch_uid="portal-metrics-saved")
        post_delete.disconnect(_deleted, dispatch_uid="portal-metrics-deleted")


def test_the_instrumented_cache_counts_hits_and_misses(settings):
    from forum.ops.instrumentation import InstrumentedRedisCache

    cache = InstrumentedRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "ops-test"})
    hits = _counter("django_cache_get_hits_total", backend="redis")
    misses = _counter("django_cache_get_misses_total", backend="redis")
    cache.set("k", "v", 30)
    assert cache.get("k") == "v"
    assert cache.get("missing", "default") == "default"
    cache.delete("k")
    assert _counter("django_cache_get_hits_total", backend="redis") == hits + 1
    assert _counter("django_cache_get_misses_total", backend="redis") == misses + 1


def test_a_scrape_costs_a_fixed_handful_of_queries(
    client, demo, metrics_on, django_assert_num_queries
):
    # introductions, verification, moderation queue, oldest flag, current run, digests, beat,
    # outbox
    with django_assert_num_queries(8):
        _scrape(client)
