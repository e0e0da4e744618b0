"""Celery's side of request ids and logs.

A task queued while a request is handled carries that request's id in a message header;
the worker puts it back in context for the task's run, so `request_id` on the worker's log
lines (and on the tasks it queues in turn) is the one the web request returned. The worker
logs through settings.LOGGING, not Celery's own format, so its lines are JSON as well.
"""

from __future__ import annotations

import logging
import logging.config
from contextvars import Token

from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.conf import settings

from forum.ops.context import get_request_id, reset_request_id, set_request_id
from forum.ops.logging import current_task_ids

HEADER = "request_id"
_tokens: dict[str, tuple[Token, Token]] = {}


@before_task_publish.connect(weak=False)
def _add_request_id(headers: dict | None = None, **_kwargs) -> None:
    request_id = get_request_id()
    if headers is not None and request_id and not headers.get(HEADER):
        headers[HEADER] = request_id


@task_prerun.connect(weak=False)
def _enter_task(task_id: str | None = None, task=None, **_kwargs) -> None:
    if task is None or task_id is None:
        return
    # An eager task (tests, CELERY_TASK_ALWAYS_EAGER) runs inside the request: keep its id.
    request_id = getattr(task.request, HEADER, None) or get_request_id()
    _tokens[task_id] = (set_request_id(request_id), current_task_ids.set((task_id, task.name)))


@task_postrun.connect(weak=False)
def _leave_task(task_id: str | None = None, **_kwargs) -> None:
    tokens = _tokens.pop(task_id, None) if task_id else None
    if tokens:
        current_task_ids.reset(tokens[1])
        reset_request_id(tokens[0])


@setup_logging.connect(weak=False)
def _configure_logging(loglevel: int | str | None = None, **_kwargs) -> None:
    """Connected, so Celery leaves the root logger to settings.LOGGING (JSON in production)."""
    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
