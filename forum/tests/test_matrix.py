"""The permission matrix of the site's own routes (tests/matrix.py): choosing the language is
open to everyone (it sets a cookie, and the person's saved language when signed in)."""

from __future__ import annotations

import pytest

from tests.matrix import Write, cases, check, covered

PEOPLE = {"owner": "alice", "other": "bob", "anon": None, "suspended": "suspended"}


@pytest.fixture
def world(db):
    return {}


WRITES = [
    Write("set language", "/i18n/setlang/", {"language": "hi", "next": "/"}, changes=False,
          public=True,
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
]  # fmt: skip
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
