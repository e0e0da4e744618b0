"""Redis stopped: writes still answer 2xx/3xx and lose nothing; restarted: each piece of work
is done exactly once (forum.outbox, forum.cache).

The test starts its own Redis, points the cache and the Celery broker at it, and stops it.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from forum.celery import app as celery_app
from forum.models import OutboxMessage
from forum.outbox import outbox_sweep
from matchmaking.models import Introduction
from matchmaking.runs.models import MatchRun, RunStatus
from matchmaking.runs.tasks import match_run_execute_task
from matchmaking.tasks import introduction_notify
from matchmaking.tests.factories import ensure_taxonomy
from programs.models import Enrolment, PolicyNotice
from programs.services import (
    enrolment_enrol,
    notice_create,
    programme_create,
    session_add,
)
from programs.tasks import enrolment_promoted_email
from taxonomy.models import PartnershipType
from tests.factories import make_user
from tests.redis_server import RedisProcess

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisProcess(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "forum.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Real rate limits (the test settings turn them off) so sign-in meets the cache.
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = server.url
    celery_app.conf.task_always_eager = False
    _reset_broker_pools()
    yield server
    server.stop()
    _reset_broker_pools()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous


def _reset_broker_pools() -> None:
    """Drop Celery's connection and producer pools so the next publish uses the new URL."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _queues() -> list[str]:
    """The default queue and every queue a route sends tasks to (mail, matching)."""
    from django.conf import settings

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    return sorted({celery_app.conf.task_default_queue or "celery", *routed, *declared})


def _queued_messages() -> list[tuple[str, list]]:
    """Take every message off every queue: (task name, args)."""
    taken = []
    for name in _queues():
        with celery_app.connection_for_read() as connection:
            queue = connection.SimpleQueue(name)
            while True:
                try:
                    message = queue.get(timeout=0.5)
                except queue.Empty:
                    break
                args, _kwargs, _embed = message.decode()
                taken.append((message.headers["task"], args))
                message.ack()
            queue.close()
    return taken


@pytest.fixture
def taxonomy(transactional_db):
    """Another transactional test may have flushed the migrations' vocabularies."""
    ensure_taxonomy()


@pytest.fixture
def world(taxonomy, alice, bob, regulator, alice_profile, bob_profile):
    programme = programme_create(
        user=regulator,
        data={
            "title_en": "Kaizen on the shop floor",
            "summary_en": "Five days.",
            "body": "Bring a map.",
            "topic": "kaizen",
            "language": "en",
            "mode": "in_person",
            "place": "Pune",
            "jurisdiction": "BI",
        },
        publish=True,
    )
    start = timezone.now() + timedelta(days=10)
    session = session_add(
        programme=programme,
        user=regulator,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=1,
    )
    first = make_user("first@example.com", alice.organisation, role="member")
    waiting = make_user("waiting@example.com", alice.organisation, role="member")
    place = enrolment_enrol(session=session, user=first)
    enrolment_enrol(session=session, user=waiting)
    notice = notice_create(
        user=regulator,
        data={
            "title_en": "New ZED subsidy",
            "summary_en": "80% back.",
            "body": "From December.",
            "kind": "scheme",
            "jurisdiction": "IN",
            "effective_date": "2026-12-01",
        },
    )
    MatchRun.objects.all().delete()
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    return {"place": place, "first": first, "waiting": waiting, "notice": notice}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_keeps_every_write_while_redis_is_down_and_does_the_work_once_after(
    redis_server, world, alice, bob, regulator, alice_profile, caplog
):
    redis_server.stop()
    caplog.set_level(logging.WARNING)

    # 1. Profile edit (API): saved, with its queued incremental run.
    response = _client(alice).patch(
        f"/api/v1/profiles/{alice_profile.pk}/",
        {"headline_en": "Gears, now hardened"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    alice_profile.refresh_from_db()
    assert alice_profile.headline_en == "Gears, now hardened"
    run = MatchRun.objects.get(profile=alice_profile, kind="incremental")
    assert run.status == RunStatus.QUEUED

    # 2. Introduction request (page): saved, its mail not lost.
    tech = PartnershipType.objects.get(slug="technology-transfer")
    response = _client(bob).post(
        f"/partners/org/{alice.organisation.slug}/introduce/",
        {"partnership_type": tech.pk, "message": "Hello from Osaka"},
    )
    assert response.status_code == 302
    introduction = Introduction.objects.get()

    # 3. Notice publish (API).
    response = _client(regulator).post(f"/api/v1/notices/{world['notice'].pk}/publish/")
    assert response.status_code == 200, response.content
    assert PolicyNotice.objects.get(pk=world["notice"].pk).status == "published"

    # 4. Enrolment cancelled: the waiting person is promoted, their mail kept for later.
    response = _client(world["first"]).post(f"/api/v1/enrolments/{world['place'].pk}/cancel/")
    assert response.status_code == 200, response.content
    promoted = Enrolment.objects.get(user=world["waiting"])
    assert promoted.status == "enrolled" and promoted.promoted_at is not None

    # 5. Sign-in with rate limits on: allauth's limits degrade to allowing, and say so.
    response = Client().post(
        "/accounts/login/", {"login": alice.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]
    assert any("cache unavailable" in r.getMessage() for r in caplog.records)

    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert sorted(unsent.values_list("task", flat=True)) == sorted(
        [
            match_run_execute_task.name,
            introduction_notify.name,
            enrolment_promoted_email.name,
        ]
    )
    assert mail.outbox == []
    assert outbox_sweep(older_than_seconds=0) == 0  # still down: nothing sent, nothing lost

    # Redis is back: the sweep sends each message once, a second sweep sends nothing.
    redis_server.start()
    assert outbox_sweep(older_than_seconds=0) == 3
    assert outbox_sweep(older_than_seconds=0) == 0
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    messages = _queued_messages()
    assert sorted(name for name, _ in messages) == sorted(
        unsent.model.objects.values_list("task", flat=True)
    )

    # A worker runs them: the run completes, the introduction request and the promotion are
    # mailed. A duplicate delivery of every message then does nothing more.
    for name, args in messages:
        celery_app.tasks[name].apply(args=args).get()
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE
    introduction.refresh_from_db()
    assert introduction.request_mailed_at is not None
    sent = [(sorted(message.to), message.subject) for message in mail.outbox]
    promotions = [to for to, subject in sent if subject.startswith("A place is yours")]
    requests = [to for to, subject in sent if subject.endswith("would like an introduction")]
    assert promotions == [["waiting@example.com"]]
    # The request goes once to each member of alice's organisation.
    assert sorted(to[0] for to in requests) == sorted(
        [alice.email, "first@example.com", "waiting@example.com"]
    )
    assert len(sent) == len(promotions) + len(requests)
    for name, args in messages:
        celery_app.tasks[name].apply(args=args).get()
    assert [(sorted(message.to), message.subject) for message in mail.outbox] == sent


def test_it_sends_what_was_left_when_a_worker_starts(redis_server, world):
    from forum.celery import _sweep_outbox_at_start

    redis_server.stop()
    from forum.outbox import send_after_commit

    send_after_commit("programs.tasks.enrolment_promoted_email", world["place"].pk)
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1
    redis_server.start()
    _sweep_outbox_at_start()
    message.refresh_from_db()
    assert message.sent_at is not None
    assert _queued_messages() == [("programs.tasks.enrolment_promoted_email", [world["place"].pk])]


@pytest.fixture
def partners(taxonomy, alice, bob, alice_profile, bob_profile):
    """A conversation between alice's and bob's organisations with a meeting alice proposed."""
    from matchmaking.partnerships.services import meetings
    from matchmaking.partnerships.services.conversations import conversation_open
    from matchmaking.partnerships.tests.helpers import next_weekday_utc
    from matchmaking.tests.factories import accepted_introduction

    conversation = conversation_open(
        introduction=accepted_introduction(alice.organisation, bob.organisation)
    )
    meeting = meetings.meeting_propose(
        conversation=conversation, by_user=alice, title="Call", starts=[next_weekday_utc(4, 0)],
        duration_minutes=30, mode="online", url="https://meet.example/a",
    )  # fmt: skip
    MatchRun.objects.all().delete()
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    return {"conversation": conversation, "meeting": meeting}


def _run_until_idle(rounds: int = 10) -> list[str]:
    """Act as the workers: take every queued message and run it, until none is left."""
    ran = []
    for _ in range(rounds):
        messages = _queued_messages()
        if not messages:
            return ran
        for name, args in messages:
            celery_app.tasks[name].apply(args=args).get()
            ran.append(name)
    raise AssertionError(f"still queuing after {rounds} rounds: {ran}")


def test_partnerships_notifications_and_shards_go_through_the_outbox(
    redis_server, partners, alice, bob
):
    from accounts.notifications.models import NotificationPreference
    from accounts.notifications.services import notification_create
    from accounts.notifications.tasks import notification_email_send
    from matchmaking.partnerships.tasks import meeting_invitations_send
    from matchmaking.runs.models import MatchShard, RunKind
    from matchmaking.runs.services import match_run_execute
    from matchmaking.runs.tasks import match_shard_task

    conversation, meeting = partners["conversation"], partners["meeting"]
    redis_server.stop()

    # A message (API) and a meeting accepted (page): saved, their mails kept for later (the
    # message's is alice's "new message" notification, mailed at once by default).
    response = _client(bob).post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"body": "Drawings attached soon"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    response = _client(bob).post(
        f"/partners/meetings/{meeting.pk}/accept/", {"slot": meeting.slots.get().pk}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "accepted"

    # A notification alice takes by email.
    NotificationPreference.objects.create(user=alice, kind="outcome_recorded", channel="email")
    notification_create(
        recipient=alice, kind="outcome_recorded", params={"org": "Bob", "outcome": "talking"}
    )

    # A full run planned by a worker that lost the broker: its shards wait in the outbox.
    run = MatchRun.objects.create(kind=RunKind.FULL)
    match_run_execute(run_id=run.pk, queue=True)
    run.refresh_from_db()
    pending = MatchShard.objects.filter(run=run, stage=run.stage, done_at=None).count()
    assert pending > 0

    unsent = list(OutboxMessage.objects.filter(sent_at__isnull=True).values_list("task", flat=True))
    assert unsent.count(match_shard_task.name) == pending
    assert meeting_invitations_send.name in unsent
    assert notification_email_send.name in unsent
    assert mail.outbox == []
    assert outbox_sweep(older_than_seconds=0) == 0

    # Back: each message goes once; the workers mail everything and finish the run.
    redis_server.start()
    assert outbox_sweep(older_than_seconds=0) == len(unsent)
    assert outbox_sweep(older_than_seconds=0) == 0
    ran = _run_until_idle()
    # Every kept task ran; a notification email may queue one more (the rest of its batch,
    # merged after the first went at once), so more may run than were kept.
    assert not Counter(n for n in unsent if n != match_shard_task.name) - Counter(ran)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE
    subjects = [message.subject for message in mail.outbox]
    assert subjects, "nothing was mailed"
    sent = [(message.subject, tuple(message.to), message.body) for message in mail.outbox]
    assert len(sent) == len(set(sent)), "a mail went twice"
    assert any(message.attachments for message in mail.outbox)  # the meeting's invitation
    # A second delivery of every mail task sends nothing more.
    for name, args in [
        (meeting_invitations_send.name, [meeting.pk]),
        (notification_email_send.name, [alice.pk]),
    ]:
        celery_app.tasks[name].apply(args=args).get()
    assert [message.subject for message in mail.outbox] == subjects
