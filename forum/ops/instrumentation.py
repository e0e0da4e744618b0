"""django-prometheus counters for what its mixins would need model and cache edits for.

Model inserts, updates and deletes are counted from Django's model signals, into
django-prometheus's own counters (`django_model_inserts_total{model="app.model"}` and so on),
so no model of any app has to inherit its mixin. Like the mixin, a queryset `update()` or
`bulk_create()` is not counted. The cache backend is Django's own Redis cache with
django-prometheus's hit and miss counters (its bundled Redis backend needs django-redis).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django_prometheus.cache.metrics import (
    django_cache_get_fail_total,
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from django_prometheus.models import model_deletes, model_inserts, model_updates

from forum.cache import ResilientRedisCache

_BACKEND = "redis"


class InstrumentedRedisCache(ResilientRedisCache):
    """Counts gets and hits, and degrades like the default backend when Redis is away."""

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend=_BACKEND).inc()
        try:
            value = super().get(key, default=None, version=version)
        except Exception:
            django_cache_get_fail_total.labels(backend=_BACKEND).inc()
            raise
        if value is None:
            django_cache_misses_total.labels(backend=_BACKEND).inc()
            return default
        django_cache_hits_total.labels(backend=_BACKEND).inc()
        return value


def _label(sender) -> str:
    return sender._meta.label_lower


def _saved(sender, created: bool = False, raw: bool = False, **_kwargs) -> None:
    if raw:  # fixtures loading
        return
    (model_inserts if created else model_updates).labels(_label(sender)).inc()


def _deleted(sender, **_kwargs) -> None:
    model_deletes.labels(_label(sender)).inc()


def connect_model_counters() -> None:
    post_save.connect(_saved, weak=False, dispatch_uid="portal-metrics-saved")
    post_delete.connect(_deleted, weak=False, dispatch_uid="portal-metrics-deleted")
