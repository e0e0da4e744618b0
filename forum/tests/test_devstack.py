"""The front door: `python -m forum.devstack env` gives a shell what `manage.py` needs."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

from django.conf import settings


def _env_exports(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DJANGO_"))}
    for name in ("DEBUG", "SITE_URL", "SECRET_KEY"):
        env.pop(name, None)
    env.update(extra)
    done = subprocess.run(
        [sys.executable, "-m", "forum.devstack", "env"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    exports = {}
    for line in done.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        exports[name] = shlex.split(value)[0]
    return {**env, **exports}


def test_env_sets_debug_and_a_site_url_that_follows_the_port():
    env = _env_exports({"PORT": "8123"})
    assert env["DEBUG"] == "1"
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    assert env["DATABASE_URL"] == os.environ["DATABASE_URL"]


def test_manage_py_runs_with_the_printed_environment():
    """The README's `demo_totp` recipe: without DEBUG=1 this stopped at 'SECRET_KEY is not set'."""
    env = _env_exports({})
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_it_refuses_a_port_that_is_not_a_number():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PORT"] = "80a"
    done = subprocess.run(
        [sys.executable, "-m", "forum.devstack", "env"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "not a port number" in done.stderr
