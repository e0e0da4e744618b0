"""Two real gunicorn workers, prometheus_client's multiprocess mode: whichever worker answers
the scrape counts every worker's requests, and a worker's death loses none of them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from forum.devstack import free_port

DEMO_TOKEN = "metrics-token-for-tests-0123456789"

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 60


def _get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _live_requests(text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "django_http_requests_total_by_view_transport_method_total"
                and sample.labels.get("view") == "healthz-live"
            ):
                total += sample.value
    return total


def _worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_workers_report_every_request_in_each_scrape(tmp_path):
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    (multiproc / "counter_1.db").write_bytes(b"left by an earlier run")
    port = free_port()
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
        f"{quote(db['HOST'] or '127.0.0.1', safe='')}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        PORTAL_TESTING="1",
        METRICS_ENABLED="1",
        METRICS_TOKEN=DEMO_TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(multiproc),
        LOG_FORMAT="json",
    )
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "forum.wsgi:application", "-c",
         "python:forum.gunicorn_conf", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz/live")[0] == 200 and len(_worker_pids(server.pid)) == 2:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-3000:]
            time.sleep(0.2)
        assert not (multiproc / "counter_1.db").exists(), "stale files are cleared at start"
        warmup = _live_requests(_get(f"{base}/metrics", DEMO_TOKEN)[1].decode())

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: _get(f"{base}/healthz/live")[0], range(REQUESTS)))
        assert statuses == [200] * REQUESTS
        pids = {int(p.stem.rsplit("_", 1)[1]) for p in multiproc.glob("counter_*.db")}
        workers = _worker_pids(server.pid)
        assert workers <= pids, (workers, pids)  # both workers served and wrote their counters

        assert _get(f"{base}/metrics")[0] == 401
        for _ in range(6):  # whichever worker answers, it adds up both
            status, body = _get(f"{base}/metrics", DEMO_TOKEN)
            assert status == 200
            text = body.decode()
            assert _live_requests(text) == warmup + REQUESTS
            assert "portal_business_metrics_up 1.0" in text
            assert "portal_introductions_pending" in text
            assert "django_db_execute_total" in text  # the instrumented database backend

        os.kill(sorted(workers)[0], signal.SIGTERM)  # gunicorn replaces it
        deadline = time.monotonic() + 30
        while _worker_pids(server.pid) in (workers, set()) or len(_worker_pids(server.pid)) < 2:
            assert time.monotonic() < deadline, "gunicorn did not replace the worker"
            time.sleep(0.2)
        time.sleep(1)
        _, body = _get(f"{base}/metrics", DEMO_TOKEN)
        assert _live_requests(body.decode()) == warmup + REQUESTS, "a dead worker's counts stay"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        log.close()
