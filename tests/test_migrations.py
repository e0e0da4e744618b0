from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    """Models and migrations agree (`make migrations-check`)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
