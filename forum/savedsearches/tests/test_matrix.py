"""The permission matrix of saved searches (tests/matrix.py): saving, renaming, deleting and
muting a result, for the person whose searches they are (alice), another organisation (bob),
an anonymous visitor and a suspended member of alice's organisation (who may keep searches of
their own, as their other preferences, but not touch alice's). Saved searches are pages only
(no API writes)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from forum.savedsearches.models import SavedSearchResult
from forum.savedsearches.services import savedsearch_create
from tests.matrix import Write, cases, check, covered

PEOPLE = {"owner": "alice", "other": "bob", "anon": None, "suspended": "suspended"}


@pytest.fixture
def world(alice):
    search = savedsearch_create(user=alice, kind="windows", params={"q": "solar"}, name="Solar")
    result = SavedSearchResult.objects.create(search=search, object_id=1, seen_at=timezone.now())
    return {"search": search, "result": result}


WRITES = [
    Write("save", "/saved-searches/save/",
          {"kind": "notices", "query": "q=zed", "name": "ZED notices"},
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
    Write("rename", "/saved-searches/{search.pk}/rename/", {"name": "Sun"},
          expect=dict(owner=302, other=404, anon=302, suspended=404)),
    Write("delete", "/saved-searches/{search.pk}/delete/",
          expect=dict(owner=302, other=404, anon=302, suspended=404)),
    Write("mute", "/saved-searches/results/{result.pk}/mute/", {"muted": "1"},
          expect=dict(owner=302, other=404, anon=302, suspended=404)),
]  # fmt: skip
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
