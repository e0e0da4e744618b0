"""The deployment's operations files: alert rules Prometheus accepts, Flower kept private."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "alerts.yml"
RULE_TESTS = ROOT / "deploy" / "alerts.test.yml"
PROMTOOL = shutil.which("promtool")
NO_PROMTOOL = "no promtool: `apt-get install prometheus` (Debian) brings it; the YAML was parsed"

# The alerts docs/operations.md promises, by what they watch.
EXPECTED = {
    "PortalBeatStale": "portal_beat_last_tick_age_seconds",
    "PortalQueueBacklog": "portal_celery_queue_length",
    "PortalDigestFailureRate": "portal_digest_deliveries_last_day",
    "PortalHigh5xxRate": "django_http_responses_total_by_status_total",
    "PortalDiskAlmostFull": "node_filesystem_avail_bytes",
}


def _rules() -> dict[str, dict]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return {rule["alert"]: rule for group in groups for rule in group["rules"]}


def test_the_alert_rules_cover_what_an_operator_needs():
    rules = _rules()
    for name, metric in EXPECTED.items():
        assert metric in rules[name]["expr"], name
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"warning", "critical"}, name
        assert rule["annotations"]["summary"], name
        assert rule.get("for"), f"{name} fires on a single scrape"


def test_the_alerts_are_documented():
    docs = (ROOT / "docs" / "operations.md").read_text()
    for name in _rules():
        assert name in docs, name


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
def test_promtool_accepts_the_rules():
    proc = subprocess.run(
        [PROMTOOL, "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
def test_the_alerts_fire_when_they_should_and_not_before():
    proc = subprocess.run(
        [PROMTOOL, "test", "rules", str(RULE_TESTS)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=RULE_TESTS.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_flower_runs_only_with_the_ops_profile_on_loopback_behind_basic_auth():
    flower = _compose()["services"]["flower"]
    assert flower["profiles"] == ["ops"]
    assert flower["ports"] == ["127.0.0.1:5555:5555"]
    assert "FLOWER_BASIC_AUTH" in flower["environment"]
    assert 'test -n "$$FLOWER_BASIC_AUTH"' in flower["command"]  # refuses to start without it


def test_the_web_service_counts_metrics_across_its_gunicorn_workers():
    web = _compose()["services"]["web"]
    assert "-c python:forum.gunicorn_conf" in web["command"]
    assert "PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus" in web["command"]
    assert "/tmp/prometheus" in web["tmpfs"][0]
    assert "/healthz/live" in " ".join(web["healthcheck"]["test"])
    assert "--access-logfile" not in web["command"]  # paths and queries stay out of the logs
