from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm first: the posts' and threads' substring indexes need its operator class."""

    dependencies: list = []

    operations = [TrigramExtension()]
