"""Log lines an operator can search and share: JSON in production, text in development.

Every line carries the request id of the work it belongs to (a web request's, or the one the
task was queued with) and the task's id and name in a worker. Nothing that identifies a person
reaches a line: the portal logs ids, not addresses, and the formatters replace any email
address that still slips in (an SMTP error quoting a recipient, a traceback) with `[email]`.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from forum.ops.context import get_request_id

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
REDACTED = "[email]"

# Set by the worker's task_prerun handler (forum/ops/celery.py) for the task being run.
current_task_ids: ContextVar[tuple[str, str] | None] = ContextVar("portal_task", default=None)


def redact(text: str) -> str:
    return EMAIL_RE.sub(REDACTED, text)


class RequestContextFilter(logging.Filter):
    """Adds `request_id`, `task_id` and `task_name` (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs 4xx/5xx responses after the middleware has returned; those records
        # carry the request itself.
        request = getattr(record, "request", None)
        record.request_id = get_request_id() or getattr(request, "request_id", None)
        if request is not None and record.name == "django.request":
            _route_instead_of_path(record, request)
        task = current_task_ids.get()
        record.task_id, record.task_name = task if task else (None, None)
        return True


def _route_instead_of_path(record: logging.LogRecord, request) -> None:
    """Django's "Not Found: /path" names the path, which can hold a reset key or a search;
    the route pattern says as much to an operator and nothing about a person."""
    args = record.args
    path = getattr(request, "path", None)
    if isinstance(args, tuple) and len(args) == 2 and path is not None and args[1] == path:
        match = getattr(request, "resolver_match", None)
        record.args = (args[0], f"/{match.route}" if match else "(no route)")


class JsonFormatter(_JsonFormatter):
    """One JSON object per line; the record's `request` (Django attaches the whole request to
    `django.request` lines, query string and all) and `socket` are left out, and addresses are
    redacted from the finished line."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "socket", "server_time"])
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class TextFormatter(logging.Formatter):
    """Development lines: time, level, logger, request id (when there is one), message."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)-7s %(name)s%(context)s %(message)s")
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        task_name = getattr(record, "task_name", None)
        parts = [f"rid={request_id}"] if request_id else []
        if task_name:
            parts.append(f"task={task_name}")
        record.context = f" [{' '.join(parts)}]" if parts else ""
        return redact(super().format(record))


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING dict for settings: one console handler, JSON or text."""
    formatter = "json" if fmt == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "forum.ops.logging.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "forum.ops.logging.JsonFormatter"},
            "text": {"()": "forum.ops.logging.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # SQL with its parameters (addresses among them) only ever at DEBUG, never here.
            "django.db.backends": {"level": "INFO"},
            # gunicorn's own lines through the same handler, so they are JSON too.
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
