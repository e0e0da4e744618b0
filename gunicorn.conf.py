"""gunicorn's settings for the portal (docker-compose's `web` runs `gunicorn -c gunicorn.conf.py`).

Sync workers: every request is short and the database does the waiting; a worker per core
plus one keeps both cores busy while one worker waits on PostgreSQL. Each worker keeps one
database connection (`DB_CONN_MAX_AGE`, with health checks), so connections = web workers ×
web machines + Celery workers — put PgBouncer (transaction pooling) in front of PostgreSQL
once that passes ~100 (docs/configuration.md).
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A request that takes longer is a bug or an attack: kill the worker, serve the next one.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows; jitter keeps them apart.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
accesslog = "-"
forwarded_allow_ips = "*"  # behind the deployment's proxy, which sets X-Forwarded-Proto
