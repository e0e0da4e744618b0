"""The permission matrix of digests (tests/matrix.py): the preferences (page and API) belong to
the signed-in person only; one-click unsubscribe (RFC 8058) is open to anyone holding the
signed link, by design, and to nobody with a forged one. The runs, their pages and the preview
are read-only (tests/test_write_routes.py)."""

from __future__ import annotations

import pytest

from digests.render import unsubscribe_token
from tests.matrix import Write, cases, check, covered

PEOPLE = {"owner": "alice", "other": "bob", "anon": None, "suspended": "suspended"}


@pytest.fixture
def world(alice):
    return {"token": unsubscribe_token(alice.pk)}


FORM = {"frequency": "weekly", "include_notices": "on", "include_windows": "on"}
JSON = {"frequency": "weekly", "include_notices": True, "include_windows": True}
WRITES = [
    Write("preferences", "/digests/preferences/", FORM,
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
    Write("api preferences patch", "/api/v1/digest-preferences/me/", JSON, method="patch",
          api=True, expect=dict(owner=200, other=200, anon=401, suspended=401)),
    Write("api preferences put", "/api/v1/digest-preferences/me/", JSON, method="put",
          api=True, expect=dict(owner=200, other=200, anon=401, suspended=401)),
    # The link unsubscribes alice whoever follows it (a mail client posts without a session).
    Write("unsubscribe", "/digests/unsubscribe/{token}/", public=True,
          expect=dict(owner=200, other=200, anon=200, suspended=200)),
    Write("unsubscribe forged", "/digests/unsubscribe/forged-token/", public=True,
          expect=dict(owner=400, other=400, anon=400)),
]  # fmt: skip
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
