"""The machinery of the per-app permission matrices (`<app>/tests/test_matrix.py`).

Each app lists its write routes as `Write` rows: the request (method, path template, data), and
for each kind of person the exact status the route must answer. One test per app walks every
cell: it signs the person in, takes a fingerprint of every table, sends the request, and checks

- the status is exactly the one expected (an anonymous API call also gets `WWW-Authenticate`,
  an anonymous page visit goes to sign-in, an API refusal has the error format);
- a refusal wrote nothing (no table's fingerprint changed) and a success wrote something
  (unless the row says `changes=False`, e.g. an export).

Columns (who plays each is the app's choice, per row if need be, by fixture name):
`owner` (the person the route is for), `other` (a member of another organisation), `anon`,
`unverified` (an organisation not verified yet, where publishing needs it), `silenced` and
`suspended` (moderated people, where posting is involved), `no_mfa` (a staff member whose
session did not pass two-factor, on staff-only routes; their `owner` is staff whose session
did). Every row has `owner`, `anon` and `other`; a staff-only row has `no_mfa` as well.

Each matrix module exports `COVERED = covered(WRITES)`, the `(method, route name)` pairs it
tries; `tests/test_write_routes.py` fails when a write route of the URLconf is in no matrix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.urls import resolve

from tests.factories import record_mfa_session

COLUMNS = ("owner", "other", "anon", "unverified", "silenced", "suspended", "no_mfa")
REQUIRED = ("owner", "other", "anon")

# Tables any request may touch without changing what the route is about: the session (where
# the messages framework and allauth keep their state).
IGNORED_TABLES = {"django_session"}


@dataclass(frozen=True)
class Denied:
    """A refusal answered with a redirect (a page that explains and sends the person back)."""

    status: int = 302

    def __int__(self) -> int:
        return self.status


@dataclass(frozen=True)
class Write:
    """One write route. `path` and callable `data` are filled from the test's `world` dict
    (`"{notice.pk}"`); `who` maps a column to the fixture that plays it for this row, and `at`
    gives a column its own object (the unverified organisation publishing its own draft)."""

    name: str
    path: str
    data: Mapping[str, Any] | Callable[[dict], Mapping[str, Any]] = field(default_factory=dict)
    expect: Mapping[str, int | Denied] = field(kw_only=True)
    method: str = "post"
    api: bool = False
    multipart: bool = False
    who: Mapping[str, str | None] = field(default_factory=dict)
    at: Mapping[str, str] = field(default_factory=dict)  # column -> its own path template
    changes: bool = True
    staff_only: bool = False
    public: bool = False  # open to anonymous visitors by design (language, one-click unsubscribe)

    def __post_init__(self) -> None:
        missing = [c for c in REQUIRED if c not in self.expect]
        if self.staff_only and "no_mfa" not in self.expect:
            missing.append("no_mfa")
        unknown = set(self.expect) - set(COLUMNS)
        assert not missing and not unknown, (self.name, missing, unknown)

    @property
    def route(self) -> tuple[str, str]:
        """(method, route name) this row tries, resolved from its path."""
        names = {
            resolve(re.sub(r"\{[^}]+\}", "1", path).split("?")[0]).view_name
            for path in (self.path, *self.at.values())
        }
        assert len(names) == 1, (self.name, names)  # `at` changes the object, not the route
        return self.method, names.pop()


def covered(writes: Iterable[Write]) -> set[tuple[str, str]]:
    return {write.route for write in writes}


def cases(writes: Iterable[Write]) -> list:
    """One pytest param per (row, column) for `pytest.mark.parametrize(("write", "column"), …)`."""
    return [
        pytest.param(write, column, id=f"{write.name}-{column}")
        for write in writes
        for column in write.expect
    ]


def fingerprint() -> dict[str, str]:
    """An md5 of every row of every table, in one query: a refusal must change none."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        - IGNORED_TABLES
    )
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    parts = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {connection.ops.quote_name(t)} t)"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def sign_in(client, user, *, passed_mfa: bool) -> None:
    """Staff sign in through a session that passed two-factor unless `passed_mfa` is False;
    everyone else with a password (what their routes need)."""
    if user is None:
        return
    if user.is_staff and passed_mfa:
        record_mfa_session(client, user)
    else:
        client.force_login(user)


def _send(client, write: Write, path: str, data: Mapping[str, Any]):
    method = getattr(client, write.method)
    if write.api and not write.multipart:
        return method(path, json.dumps(data), content_type="application/json")
    if write.method == "post":
        return method(path, data)  # a form, multipart when it holds files
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    return method(path, encode_multipart("BoUnDaRy", dict(data)), content_type=MULTIPART_CONTENT)


def check(request, client, write: Write, column: str, people: Mapping[str, str | None]) -> None:
    """Try one cell of the matrix. `people` maps each column to the fixture that plays it
    (the app's default; the row's `who` overrides it)."""
    world = request.getfixturevalue("world")
    fixture = {**people, **write.who}[column]
    user = request.getfixturevalue(fixture) if fixture else None
    sign_in(client, user, passed_mfa=column != "no_mfa")
    path = write.at.get(column, write.path).format(**world)
    data = write.data(world) if callable(write.data) else write.data
    before = fingerprint()
    response = _send(client, write, path, data)
    expected = write.expect[column]
    refused = (
        isinstance(expected, Denied)
        or int(expected) >= 400
        or (column == "anon" and not write.public)
    )
    detail = (write.name, column, path, response.status_code, response.content[:400])
    assert response.status_code == int(expected), detail
    after = fingerprint()
    changed = sorted(t for t in after if after[t] != before[t])
    if refused:
        assert not changed, (*detail, "a refusal wrote to", changed)
    elif write.changes:
        assert changed, (*detail, "a success wrote nothing")
    if column == "anon" and not write.public:
        if write.api:
            assert response.status_code == 401 and response.has_header("WWW-Authenticate")
        elif response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), response["Location"]
    if write.api and response.status_code >= 400 and response.status_code != 405:
        assert response.json()["error"]["status"] == response.status_code, detail
