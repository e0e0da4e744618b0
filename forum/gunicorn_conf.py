"""gunicorn's configuration: the server's settings, and hooks for prometheus_client's
multiprocess mode (`gunicorn -c python:forum.gunicorn_conf`, used by compose and the image).

Sync workers: every request is short and the database does the waiting; a worker per core
plus one keeps the cores busy while one worker waits on PostgreSQL. Each worker keeps one
database connection (`DB_CONN_MAX_AGE`, with health checks), so connections = web workers ×
web machines + Celery workers; put PgBouncer in front of PostgreSQL once that nears ~100
(docs/configuration.md). Read by gunicorn before Django starts, so it parses its own few
environment variables, as strictly as `forum.env`.

With PROMETHEUS_MULTIPROC_DIR set, every worker writes its metrics to files there and the
worker that answers `/metrics` adds them up. The directory is emptied when the master starts
(files of an earlier run would be counted again), and a dead worker's live gauges are dropped
(its counters stay: a restart must not make a counter go down).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import multiprocess


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)
worker_class = "sync"
# A request that takes longer is a bug or an attack: kill the worker, serve the next one.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows; the jitter keeps them apart.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
