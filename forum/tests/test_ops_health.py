"""`/healthz` knows about beat and the queues; `/healthz/live` touches nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum.models import Heartbeat

pytestmark = pytest.mark.django_db


def _tick(age_seconds: float = 0) -> None:
    from forum.tasks import beat_heartbeat

    beat_heartbeat.delay()
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=age_seconds))


def test_the_heartbeat_task_upserts_one_row():
    from forum.tasks import beat_heartbeat

    beat_heartbeat.delay()
    first = Heartbeat.objects.get(name="beat").beat_at
    beat_heartbeat.delay()
    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get(name="beat").beat_at >= first


def test_it_reports_beats_last_tick_and_the_queues(client):
    _tick(age_seconds=30)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["beat"]["status"] == "ok"
    assert 30 <= body["beat"]["age_seconds"] < 60
    assert body["beat"]["max_age_seconds"] == 120
    assert body["beat"]["last_tick"]
    assert isinstance(body["queues"]["celery"], int)


def test_it_answers_503_when_the_heartbeat_row_is_older_than_twice_the_interval(client):
    _tick(age_seconds=121)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["beat"]["status"] == "stale"
    assert (body["database"], body["broker"]) == ("ok", "ok")


def test_it_answers_503_when_time_moves_past_the_threshold(client, monkeypatch, settings):
    settings.BEAT_HEARTBEAT_INTERVAL = 30
    _tick()
    assert client.get("/healthz").status_code == 200
    frozen = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr("forum.ops.health.timezone.now", lambda: frozen)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"]["max_age_seconds"] == 60


def test_it_answers_503_before_beat_ever_ticked(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == {
        "status": "never",
        "last_tick": None,
        "age_seconds": None,
        "max_age_seconds": 120,
    }


def test_it_counts_waiting_messages_per_queue(client):
    from forum.celery import app

    _tick()
    with app.connection_for_write() as conn:
        redis = conn.default_channel.client
        redis.delete("celery")
        redis.rpush("celery", "x", "y")
        try:
            body = client.get("/healthz").json()
        finally:
            redis.delete("celery")
    assert body["queues"] == {"celery": 2, "mail": 0, "matching": 0}  # CELERY_TASK_QUEUES


def test_live_touches_no_database_no_cache_and_no_broker(
    client, monkeypatch, django_assert_num_queries
):
    def refuse(*args, **kwargs):
        raise AssertionError("/healthz/live must not touch the cache or the broker")

    from django.core.cache.backends.redis import RedisCache

    from forum.celery import app

    for name in ("get", "set", "add", "get_many", "incr"):
        monkeypatch.setattr(RedisCache, name, refuse)
    monkeypatch.setattr(app, "connection_for_write", refuse)
    monkeypatch.setattr(app, "connection_for_read", refuse)
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_live_is_served_over_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/").status_code == 301


def test_the_beat_schedule_has_the_heartbeat_with_its_expiry():
    from django_celery_beat.models import PeriodicTask

    call_command("sync_beat_schedule", stdout=io.StringIO())
    task = PeriodicTask.objects.get(task="forum.tasks.beat_heartbeat")
    assert task.interval.every == 60
    assert task.expire_seconds == 60
