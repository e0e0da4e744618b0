from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    """Models and migrations agree (`make migrations-check`)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_makemigrations_check_runs_on_a_bare_checkout():
    """`manage.py makemigrations --check` needs none of the servers' environment, while a
    command that serves still refuses to start without a SECRET_KEY."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DJANGO_"))}
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "EMAIL_URL", "EMAIL_HOST"):
        env.pop(name, None)
    manage = [sys.executable, "manage.py"]
    done = subprocess.run(
        [*manage, "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "No changes detected" in done.stdout
    refused = subprocess.run(
        [*manage, "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
