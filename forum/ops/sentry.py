"""Error reporting with sentry-sdk, switched on by SENTRY_DSN and off without it.

Called from the end of settings, so the web processes, the Celery worker and beat all report.
No personal data leaves: `send_default_pii=False` (no cookies, user, IP); the bodies of
account pages (sign-up, sign-in, profile, invitations, the admin) are dropped whole; email
addresses are removed from other bodies, messages, exception values and breadcrumbs.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Event, Hint
from sentry_sdk.utils import BadDsn, Dsn

from forum.ops.context import get_request_id
from forum.ops.logging import redact

# Pages whose request bodies are about a person: their address, password, name, invitations.
SCRUBBED_BODY_PREFIXES = ("/accounts/", "/account/", "/orgs/", "/admin/", "/api/v1/tokens")


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


def before_send(event: Event, hint: Hint | None = None) -> Event | None:
    _scrub(cast("dict[str, Any]", event))
    return event


def _scrub(event: dict[str, Any]) -> None:
    request = event.get("request")
    if isinstance(request, dict):
        path = urlsplit(request.get("url") or "").path
        if path.startswith(SCRUBBED_BODY_PREFIXES):
            request.pop("data", None)
            request.pop("cookies", None)
        elif "data" in request:
            request["data"] = _redacted(request["data"])
        if request.get("query_string"):
            request["query_string"] = redact(str(request["query_string"]))
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = redact(str(exception["value"]))
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        if crumb.get("message"):
            crumb["message"] = redact(str(crumb["message"]))
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if logentry.get(key):
                logentry[key] = redact(str(logentry[key]))
        logentry.pop("params", None)
    request_id = get_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id


def sentry_init(*, dsn: str | None, environment: str, release: str | None, **extra: Any) -> bool:
    """Initialise sentry-sdk when `dsn` is set; True when it did."""
    if not dsn:
        return False
    try:
        Dsn(dsn)
    except BadDsn as exc:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a valid Sentry DSN: {exc}") from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        auto_enabling_integrations=False,
        send_default_pii=False,
        before_send=before_send,
        traces_sample_rate=0,
        **extra,
    )
    return True
