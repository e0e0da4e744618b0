"""Celery tasks: the 15-minute tick and the batches it fans out. Both take ids only."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from celery.signals import worker_process_init, worker_process_shutdown
from django.conf import settings
from django.utils.dateparse import parse_datetime

from digests import services
from digests.render import shared_renderer, warm_up
from digests.services.claims import close_claim_connection
from forum.outbox import send_after_commit

# Each worker process keeps one connection for digest claims; it closes with the process.
worker_process_shutdown.connect(close_claim_connection, weak=False)


def warm_worker_renderer(**_kwargs: object) -> None:
    """A new worker process loads URL patterns, email templates and catalogues, and builds
    its renderer, before its first batch rather than during it (the benchmark does the same)."""
    warm_up()
    shared_renderer()


worker_process_init.connect(warm_worker_renderer, weak=False)


def backoff_seconds(retries: int) -> int:
    """60 s, 240 s, 960 s … capped at an hour: SMTP greylisting clears within minutes."""
    return min(60 * 4**retries, 3600)


@shared_task(name="digests.tasks.digest_tick", acks_late=True, ignore_result=True)
def digest_tick(now: str | None = None) -> int:
    """Create the deliveries due now and queue one batch task per batch of recipients."""
    moment: datetime | None = parse_datetime(now) if now else None
    result = services.digest_schedule(now=moment)
    for batch in result.batches:
        send_after_commit(digest_send_batch, list(batch), result.run.pk, now)
    return len(result.batches)


@shared_task(
    name="digests.tasks.digest_send_batch",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=None,
)
def digest_send_batch(self, delivery_ids: list[int], run_id: int | None = None, now=None):
    """Send one batch; failed recipients are retried with backoff, a bounded number of times."""
    moment = parse_datetime(now) if now else None
    result = services.deliveries_send(delivery_ids=delivery_ids, now=moment)
    limit = settings.DIGEST_MAX_ATTEMPTS - 1
    if result.retry_ids:
        if self.request.retries >= limit:
            services.deliveries_give_up(delivery_ids=result.retry_ids, now=moment)
        else:
            raise self.retry(
                args=(result.retry_ids, run_id, now),
                countdown=backoff_seconds(self.request.retries),
                max_retries=limit,
            )
    if run_id:
        services.digest_run_finish(run_id=run_id)
    return result.sent
