"""Code that runs inside the benchmark's worker processes (spawned; Django set up once)."""

from __future__ import annotations

import contextlib
import resource
import smtplib


def init() -> None:
    import django

    django.setup()
    from programs.digests.render import warm_up

    warm_up()


def peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_batch(ids: list[int], run_id: int, now: str) -> tuple[int, int]:
    """The real batch task (Celery's apply: retries and all), as a worker would run it."""
    from celery.exceptions import Retry

    from programs.digests.models import Delivery
    from programs.digests.tasks import digest_send_batch

    # A batch that asks for a retry leaves its rows 'retry'; the report counts what the
    # sink really received.
    with contextlib.suppress(Retry):
        digest_send_batch.apply(args=[ids, run_id, now], throw=True)
    sent = Delivery.objects.filter(pk__in=ids, status="sent").count()
    return sent, peak_rss_kb()


def push_batch(port: int, payloads: list[bytes], addresses: list[str]) -> tuple[int, int]:
    """The ceiling: plain smtplib, one connection per batch, pre-built messages."""
    sender = "bench@ijsme-forum.example"
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i, address in enumerate(addresses):
            smtp.sendmail(sender, [address], payloads[i % len(payloads)])
    return len(addresses), peak_rss_kb()
