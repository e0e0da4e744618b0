"""Request ids and one structured line per request.

Outermost middleware, so every line logged while handling a request (a view's, a service's, a
500's traceback) carries the id that is also sent back in the `X-Request-ID` header. The line
names the route pattern, not the path: paths hold confirmation keys, reset tokens and search
terms, which are no business of a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from forum.ops.context import (
    REQUEST_ID_HEADER,
    acceptable_request_id,
    new_request_id,
    reset_request_id,
    set_request_id,
)

log = logging.getLogger("portal.request")

# Probes and scrapes arrive every few seconds; their lines would drown the rest.
_QUIET_ROUTES = {"healthz/live", "healthz", "metrics"}


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = (
            acceptable_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        )
        # Read by the log filter for the lines Django writes after the middleware returned.
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            # DRF's routers give regular expressions: "api/v1/introductions/$" reads as a path.
            route = match.route.lstrip("^").removesuffix("$") if match else None
            log.log(
                logging.DEBUG if route in _QUIET_ROUTES else logging.INFO,
                "%s %s %s",
                request.method,
                "(no route)" if route is None else f"/{route}",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            reset_request_id(token)
