"""`/metrics`: django-prometheus's metrics and the portal's own gauges, for Prometheus.

Switched on by METRICS_ENABLED; served only to a bearer of METRICS_TOKEN or to an address in
METRICS_ALLOWED_IPS. Under gunicorn with several workers each process writes its counters to
PROMETHEUS_MULTIPROC_DIR and whichever worker answers the scrape adds them all up
(prometheus_client's multiprocess mode; forum/gunicorn_conf.py cleans up after dead workers).

The business gauges are computed at scrape time from a handful of indexed queries (no table
is scanned per profile or per delivery), so a scrape costs a few milliseconds; they are not
stored in the multiprocess files, which is why every worker can answer alike.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from datetime import timedelta

import prometheus_client
from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from accounts.models import Organisation, Verification
from digests.models import Delivery, DeliveryStatus
from forum.celery import app
from forum.discussions.models import Flag, FlagStatus, Post, PostStatus
from forum.models import OutboxMessage
from forum.ops.health import beat_last_tick
from forum.ops.queues import queue_lengths
from matchmaking.models import Introduction, IntroductionStatus
from matchmaking.runs.models import CurrentRun

log = logging.getLogger(__name__)

EXPIRING_WITHIN = timedelta(days=2)
DIGEST_WINDOW = timedelta(days=1)


def _age(now, moment) -> float:
    """Seconds from `moment` to `now`; 0 when there is no moment (an empty queue)."""
    return max(0.0, (now - moment).total_seconds()) if moment else 0.0


class BusinessCollector(Collector):
    """The portal's own state, read fresh at every scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "portal_business_metrics_up", "1 when the portal's gauges below could be read."
        )
        complete = True
        try:
            families = list(self._database(timezone.now()))
        except Exception as exc:  # the scrape still answers, with django's metrics
            log.warning("business gauges unavailable: %s", type(exc).__name__)
            families, complete = [], False
        try:
            families.append(self._queues())
        except Exception as exc:
            log.warning("queue lengths unavailable: %s", type(exc).__name__)
            complete = False
        up.add_metric([], 1 if complete else 0)
        yield up
        yield from families

    def _database(self, now) -> Iterator[GaugeMetricFamily]:
        intros = Introduction.objects.filter(status=IntroductionStatus.PENDING).aggregate(
            pending=Count("id"),
            expiring=Count("id", filter=Q(expires_at__lte=now + EXPIRING_WITHIN)),
        )
        yield _gauge(
            "portal_introductions_pending",
            "Introduction requests awaiting a reply.",
            intros["pending"],
        )
        yield _gauge(
            "portal_introductions_expiring_soon",
            "Pending introduction requests that expire within 2 days.",
            intros["expiring"],
        )

        backlog = Organisation.objects.filter(verification_status=Verification.PENDING).aggregate(
            n=Count("id"), oldest=Min("created_at")
        )
        yield _gauge(
            "portal_verification_backlog", "Organisations awaiting verification.", backlog["n"]
        )
        yield _gauge(
            "portal_verification_oldest_age_seconds",
            "Age of the oldest organisation awaiting verification (0 when none).",
            _age(now, backlog["oldest"]),
        )

        queue = Post.objects.filter(Q(status=PostStatus.PENDING) | Q(open_flag_count__gt=0))
        yield _gauge(
            "portal_moderation_queue_size",
            "Posts waiting for approval or with open flags.",
            queue.count(),
        )
        oldest_flag = Flag.objects.filter(status=FlagStatus.OPEN).aggregate(m=Min("created_at"))
        yield _gauge(
            "portal_moderation_oldest_flag_age_seconds",
            "Age of the oldest open flag (0 when none).",
            _age(now, oldest_flag["m"]),
        )

        current = (
            CurrentRun.objects.filter(pk=1, run__isnull=False)
            .values("run__started_at", "run__finished_at")
            .first()
        )
        age = GaugeMetricFamily(
            "portal_match_run_last_complete_age_seconds",
            "Time since the match run readers see completed.",
        )
        duration = GaugeMetricFamily(
            "portal_match_run_last_complete_duration_seconds", "How long that match run took."
        )
        if current and current["run__finished_at"]:
            age.add_metric([], _age(now, current["run__finished_at"]))
            if current["run__started_at"]:
                duration.add_metric(
                    [], _age(current["run__finished_at"], current["run__started_at"])
                )
        yield age
        yield duration

        counts = dict(
            Delivery.objects.filter(run__started_at__gte=now - DIGEST_WINDOW)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        digests = GaugeMetricFamily(
            "portal_digest_deliveries_last_day",
            "Digest deliveries of the runs started in the last 24 hours, by status.",
            labels=["status"],
        )
        for status in DeliveryStatus.values:
            digests.add_metric([status], counts.get(status, 0))
        yield digests

        beat = GaugeMetricFamily(
            "portal_beat_last_tick_age_seconds", "Time since beat's heartbeat task last ran."
        )
        last = beat_last_tick()
        if last:
            beat.add_metric([], _age(now, last))
        yield beat
        yield _gauge(
            "portal_beat_heartbeat_interval_seconds",
            "How often beat's heartbeat is scheduled (BEAT_HEARTBEAT_INTERVAL).",
            settings.BEAT_HEARTBEAT_INTERVAL,
        )
        yield _gauge(
            "portal_outbox_waiting",
            "Tasks recorded in the outbox that the broker has not taken yet.",
            OutboxMessage.objects.filter(sent_at__isnull=True).count(),
        )

    def _queues(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "portal_celery_queue_length", "Messages waiting in each Celery queue.", labels=["queue"]
        )
        for queue, length in queue_lengths(app).items():
            family.add_metric([queue], length)
        return family


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer of METRICS_TOKEN, or a peer address in METRICS_ALLOWED_IPS.

    The address is the direct peer's (REMOTE_ADDR), never a forwarded header a client can set.
    """
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            return True
    if settings.METRICS_ALLOWED_IPS:
        try:
            peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(
            peer in ipaddress.ip_network(network, strict=False)
            for network in settings.METRICS_ALLOWED_IPS
        )
    return False


def exposition() -> bytes:
    """The text Prometheus reads: every process's metrics (or this one's), then the gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        process = prometheus_client.generate_latest(registry)
    else:
        process = prometheus_client.generate_latest(prometheus_client.REGISTRY)
    business = CollectorRegistry()
    business.register(BusinessCollector())
    return process + prometheus_client.generate_latest(business)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_ENABLED:
        raise Http404("metrics are switched off")
    if not metrics_allowed(request):
        response = HttpResponse(
            "metrics need a bearer token\n", status=401, content_type="text/plain"
        )
        if settings.METRICS_TOKEN:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        else:
            response.status_code = 403
            response.content = b"metrics are served to the allowed addresses only\n"
        return response
    return HttpResponse(exposition(), content_type=prometheus_client.CONTENT_TYPE_LATEST)
