"""The one database statement per digest message: record the previous message sent, claim this.

The statement must finish before the message's DATA (the moment the server takes it), but it
need not block anything else. Two ways to run it:

* `AsyncClaims` — the normal case, in a worker's autocommit mode. A second connection per
  worker process, in psycopg2's asynchronous mode: the statement is sent and the worker goes
  on with SMTP's MAIL and RCPT; the answer is collected just before DATA. No thread and no
  GIL handoff, which on a machine whose cores are shared with the SMTP server and PostgreSQL
  is what an extra thread cost (docs/digests.md, "Benchmark").
* `InlineClaims` — on Django's own connection, waiting for each answer. Used inside a
  transaction (a caller's atomic block, the test suite), where a second connection would not
  see the batch's rows, or when `DIGEST_CLAIM_ASYNC` is off.

Both use server-side prepared statements and `synchronous_commit = off` (see "Exactly once"
in docs/digests.md for what that risks: a claim lost only if PostgreSQL itself crashes).
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from datetime import datetime
from typing import Protocol

import psycopg2
from django.conf import settings
from django.db import connection
from psycopg2 import extensions

from digests.models import Delivery

PREPARED = {
    "digests_record": (
        "(timestamptz, bigint)",
        "UPDATE {t} SET status = 'sent', finished_at = $1 WHERE id = $2 AND status = 'sending'",
    ),
    "digests_claim": (
        "(timestamptz, text, integer, timestamptz, bigint)",
        "UPDATE {t} SET status = 'sending', claimed_at = $1, attempts = attempts + 1, "
        "email = $2, item_count = $3, window_start = $4, error = '' "
        "WHERE id = $5 AND status IN ('pending', 'retry') RETURNING id",
    ),
}
RECORD = "EXECUTE digests_record (%s, %s)"
CLAIM = "EXECUTE digests_claim (%s, %s, %s, %s, %s)"
RECORD_AND_CLAIM = f"{RECORD}; {CLAIM}"


class Claim(Protocol):
    def result(self) -> bool: ...


class Claims(Protocol):
    def submit(self, previous: int | None, claim: list) -> Claim: ...
    def record(self, previous: int, now: datetime) -> None: ...
    def close(self) -> None: ...


def claims_for_batch() -> Claims:
    if connection.in_atomic_block or not settings.DIGEST_CLAIM_ASYNC:
        return InlineClaims()
    return AsyncClaims()


def _statement(previous: int | None, claim: list) -> tuple[str, list]:
    if previous is None:
        return CLAIM, claim
    return RECORD_AND_CLAIM, [claim[0], previous, *claim]


def _prepare(cursor, wait=lambda: None, have: frozenset | set = frozenset()) -> None:
    """Prepared once per connection: PostgreSQL then neither parses nor plans each message's
    statement again."""
    table = Delivery._meta.db_table
    for name, (types, sql) in PREPARED.items():
        if name not in have:
            cursor.execute(f"PREPARE {name} {types} AS {sql.format(t=table)}")
            wait()


class _Answered:
    def __init__(self, value: bool) -> None:
        self.value = value

    def result(self) -> bool:
        return self.value


class InlineClaims:
    """Each statement on Django's connection, waited for at once."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        with self.raw.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM pg_prepared_statements WHERE name IN %s", [tuple(PREPARED)]
            )
            _prepare(cursor, have={row[0] for row in cursor.fetchall()})
        self.async_commit = settings.DIGEST_ASYNC_COMMIT
        if self.async_commit:
            self._execute("SET synchronous_commit TO off", [])

    def _execute(self, sql: str, params: list) -> bool:
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.description is not None and cursor.fetchone() is not None

    def submit(self, previous: int | None, claim: list) -> Claim:
        return _Answered(self._execute(*_statement(previous, claim)))

    def record(self, previous: int, now: datetime) -> None:
        self._execute(RECORD, [now, previous])

    def close(self) -> None:
        if self.async_commit:
            with contextlib.suppress(Exception):
                self._execute("RESET synchronous_commit", [])


class _Link:
    """The worker process's asynchronous connection; made on first use, after any fork."""

    pid: int = 0
    conn = None

    @classmethod
    def get(cls):
        if cls.conn is None or cls.conn.closed or cls.pid != os.getpid():
            cls.conn = None  # a connection inherited through fork() belongs to the parent
            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            conn = psycopg2.connect(async_=True, **params)
            cls.pid, cls.conn = os.getpid(), conn
            try:
                wait(conn)
                cursor = conn.cursor()
                if settings.DIGEST_ASYNC_COMMIT:
                    cursor.execute("SET synchronous_commit TO off")
                    wait(conn)
                _prepare(cursor, lambda: wait(conn))
            except BaseException:
                cls.drop()
                raise
        return cls.conn

    @classmethod
    def drop(cls) -> None:
        if cls.conn is not None and cls.pid == os.getpid():
            with contextlib.suppress(Exception):
                cls.conn.close()
        cls.conn = None


def close_claim_connection(**_signal_kwargs) -> None:
    """Close this process's claim connection (Celery's worker_process_shutdown, tests)."""
    _Link.drop()


def wait(conn, timeout: float | None = None) -> None:
    """Drive an asynchronous psycopg2 connection until its statement has finished."""
    timeout = timeout or settings.DIGEST_CLAIM_TIMEOUT
    deadline = time.monotonic() + timeout
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise psycopg2.OperationalError(f"no answer from PostgreSQL within {timeout} s")
        poller = select.poll()
        poller.register(
            conn.fileno(), select.POLLIN if state == extensions.POLL_READ else select.POLLOUT
        )
        poller.poll(left * 1000)


class _InFlight:
    def __init__(self, owner: AsyncClaims, cursor) -> None:
        self.owner, self.cursor = owner, cursor
        self.value: bool | None = None  # set by owner.collect() once the statement is done

    def result(self) -> bool:
        if self.value is None:
            self.owner.collect()
        return bool(self.value)


class AsyncClaims:
    """One statement in flight at a time on the process's asynchronous connection."""

    def __init__(self) -> None:
        self.conn = _Link.get()
        self.flight: _InFlight | None = None

    def collect(self) -> None:
        """Wait for the statement in flight; on any database error the connection is dropped
        (its state is unknown) and the error raised: the batch stops, its rows stay as
        recorded."""
        flight, self.flight = self.flight, None
        if flight is None:
            return
        try:
            wait(self.conn)
            cursor = flight.cursor
            flight.value = cursor.description is not None and cursor.fetchone() is not None
        except BaseException:
            _Link.drop()
            raise

    def _send(self, sql: str, params: list) -> _InFlight:
        self.collect()
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, params)
        except BaseException:
            _Link.drop()
            raise
        self.flight = _InFlight(self, cursor)
        return self.flight

    def submit(self, previous: int | None, claim: list) -> Claim:
        return self._send(*_statement(previous, claim))

    def record(self, previous: int, now: datetime) -> None:
        self._send(RECORD, [now, previous])
        self.collect()

    def close(self) -> None:
        self.collect()
