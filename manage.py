#!/usr/bin/env python
"""Django's command-line utility for the portal."""

from __future__ import annotations

import os
import sys

# Commands that only read the code: they run on a bare checkout without the servers'
# environment (no SECRET_KEY, DATABASE_URL or REDIS_URL needed; see forum/settings.py).
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("PORTAL_CODE_ONLY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
