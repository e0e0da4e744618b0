"""The request id of the work in progress: a web request's, or the one a task was queued with.

A context variable rather than a thread-local, so it follows the code into async views and is
reset exactly when the request or task that set it ends.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy in front may hand us (nginx's $request_id, a load balancer's trace id). Anything
# else is replaced, so a client cannot inject text into log lines through the header.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

_request_id: ContextVar[str | None] = ContextVar("portal_request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def acceptable_request_id(value: str | None) -> str | None:
    """`value` when it is a well-formed id a proxy could have set, else None."""
    if value and _ACCEPTABLE.match(value):
        return value
    return None


def get_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> Token:
    return _request_id.set(value)


def reset_request_id(token: Token) -> None:
    _request_id.reset(token)
