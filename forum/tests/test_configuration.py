"""docs/configuration.md stays true: every variable forum/settings.py reads is listed there."""

from __future__ import annotations

import re

from django.conf import settings


def test_every_environment_variable_is_documented():
    code = (settings.BASE_DIR / "forum" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', code))
    assert len(read) > 30  # the pattern still finds the settings' reads
    documented = set(
        re.findall(r"`([A-Z0-9_]+)`", (settings.BASE_DIR / "docs" / "configuration.md").read_text())
    )
    assert sorted(read - documented) == []


def test_no_product_code_reads_settings_with_a_default():
    """A tunable has one default, in forum/settings.py; `getattr(settings, …)` would add a second."""
    offenders = []
    for top in ("forum", "taxonomy", "accounts", "programs", "matchmaking", "digests"):
        for path in (settings.BASE_DIR / top).rglob("*.py"):
            if "tests" in path.parts:
                continue
            if "getattr(settings" in path.read_text():
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []
