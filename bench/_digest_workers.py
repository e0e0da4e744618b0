"""Code that runs inside the benchmark's worker processes (spawned; Django set up once)."""

from __future__ import annotations

import contextlib
import os
import resource
import smtplib


def init() -> None:
    import django

    django.setup()
    if os.environ.get("DIGEST_CLAIM_ASYNC") == "0":
        from django.conf import settings

        settings.DIGEST_CLAIM_ASYNC = False
    from digests.render import warm_up

    warm_up()


def peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM). Not getrusage's ru_maxrss: Linux keeps that across
    execve, so a spawned worker would report the size of the parent it was forked from."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 1024


def run_batch(ids: list[int], run_id: int, now: str) -> tuple[int, int]:
    """The real batch task (Celery's apply: retries and all), as a worker would run it."""
    from celery.exceptions import Retry

    from digests.models import Delivery
    from digests.tasks import digest_send_batch

    # A batch that asks for a retry leaves its rows 'retry'; the report counts what the
    # sink really received.
    with contextlib.suppress(Retry):
        digest_send_batch.apply(args=[ids, run_id, now], throw=True)
    sent = Delivery.objects.filter(pk__in=ids, status="sent").count()
    return sent, peak_rss_kb(), current_rss_kb()


def push_batch(port: int, payloads: list[bytes], addresses: list[str]) -> tuple[int, int]:
    """The ceiling: plain smtplib, one connection per batch, pre-built messages."""
    sender = "bench@ijsme-forum.example"
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i, address in enumerate(addresses):
            smtp.sendmail(sender, [address], payloads[i % len(payloads)])
    return len(addresses), peak_rss_kb()
