"""gunicorn hooks for prometheus_client's multiprocess mode (`gunicorn -c python:forum.gunicorn_conf`).

With PROMETHEUS_MULTIPROC_DIR set, every worker writes its metrics to files there and the
worker that answers `/metrics` adds them up. The directory is emptied when the master starts
(files of an earlier run would be counted again), and a dead worker's live gauges are dropped
(its counters stay: a restart must not make a counter go down).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import multiprocess


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
