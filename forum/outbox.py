"""Send Celery tasks after commit without losing them when the broker is away.

`send_after_commit(task, *args)` writes an `OutboxMessage` in the caller's transaction and, once
it commits, publishes the task and marks the row sent. If Redis is down the write still answers
2xx: the row stays unsent and `outbox_sweep` publishes it later (beat every minute, and every
worker as it starts). Tasks claim their work with a conditional UPDATE, so the rare double send
(published, then the mark failed) does the work once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.models import OutboxMessage

logger = logging.getLogger(__name__)


def send_after_commit(task: Task | str, *args: object, countdown: int = 0) -> OutboxMessage:
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task=name, args=list(args), countdown=countdown)
    transaction.on_commit(lambda: _publish(message.pk))
    return message


def _publish(message_id: int) -> bool:
    """Publish one message unless it was sent already; True when this call sent it."""
    now = timezone.now()
    if current_app.conf.task_always_eager:
        # Eager mode (tests, CELERY_TASK_ALWAYS_EAGER): the task runs here and now, and its
        # errors propagate as with `.delay()`; send_task would bypass eager mode.
        claimed = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            sent_at=now, attempts=F("attempts") + 1
        )
        if claimed:
            eager = OutboxMessage.objects.get(pk=message_id)
            current_app.tasks[eager.task].apply_async(args=eager.args, countdown=eager.countdown)
        return bool(claimed)
    # The row stays locked while publishing (a quick call, or a refused connection when the
    # broker is down) so a concurrent sweep skips it instead of publishing it twice.
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False  # sent already, or another sweep holds it right now
        try:
            current_app.send_task(
                message.task,
                args=message.args,
                countdown=message.countdown or None,
                retry=False,
            )
        except Exception as exc:  # any broker failure: keep the row for the sweep
            OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1)
            logger.warning(
                "outbox: could not publish %s (id %s), the sweep will retry: %s: %s",
                message.task,
                message.pk,
                exc.__class__.__name__,
                exc,
            )
            return False
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=now, attempts=message.attempts + 1
        )
    return True


def outbox_sweep(*, older_than_seconds: int | None = None) -> int:
    """Publish every unsent message older than the grace period; returns how many were sent.

    The grace period leaves a just-committed message to its own on_commit publish.
    """
    grace = settings.OUTBOX_GRACE_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=grace)
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[: settings.OUTBOX_SWEEP_BATCH]
    )
    sent = sum(1 for pk in pending if _publish(pk))
    if pending:
        logger.info("outbox: %s of %s unsent messages published", sent, len(pending))
    return sent


def outbox_prune(*, days: int = 7) -> int:
    """Delete sent messages older than `days` (the table is a queue, not a log)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
