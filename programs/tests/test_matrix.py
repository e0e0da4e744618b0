"""The permission matrix of programs (tests/matrix.py): every write of notices, funding windows,
programmes, enrolments and expressions of interest, HTML and API.

Publishing routes: the publisher (`owner`, a verified regulator or financier), another
organisation of the same kind (`other`), an anonymous visitor, an organisation not verified yet
(`unverified`: it may keep drafts, never publish) and a suspended member of the publisher.
An MSME's own routes (interest, enrolment): alice, bob, anonymous, a suspended member of alice's
organisation.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs.services import (
    enrolment_enrol,
    interest_send,
    notice_create,
    programme_create,
    session_add,
    window_create,
)
from programs.tests.factories import (
    notice_data,
    notice_form,
    programme_data,
    programme_form,
    window_data,
    window_form,
)
from tests.factories import make_user
from tests.matrix import Write, cases, check, covered

PEOPLE = {"owner": "alice", "other": "bob", "anon": None, "suspended": "suspended"}
NOTICE = {
    "owner": "regulator",
    "other": "other_regulator",
    "unverified": "unverified_regulator",
    "suspended": "suspended_regulator",
}
WINDOW = {
    "owner": "financier",
    "other": "other_financier",
    "unverified": "unverified_financier",
    "suspended": "suspended_financier",
}
PROGRAMME = NOTICE
HOST = {"owner": "regulator", "other": "other_regulator", "suspended": "suspended_regulator"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _suspended_member_of(person, email):
    return make_user(
        email,
        person.organisation,
        role="member",
        mfa=True,
        suspended_until=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def suspended_regulator(regulator):
    return _suspended_member_of(regulator, "susp-reg@example.com")


@pytest.fixture
def suspended_financier(financier):
    return _suspended_member_of(financier, "susp-fin@example.com")


@pytest.fixture
def world(
    notice, window, programme, alice, regulator, financier, unverified_regulator,
    unverified_financier,
):  # fmt: skip
    session = programme.sessions.get()
    start = timezone.now() + timedelta(days=12)
    second = session_add(
        programme=programme, user=regulator, starts_at=start,
        ends_at=start + timedelta(hours=2), capacity=5,
    )  # fmt: skip
    return {
        "notice": notice,
        "window": window,
        "open_window": window_create(user=financier, data=window_data(), publish=True),
        "programme": programme,
        "session": second,
        "interest": interest_send(window=window, user=alice),
        "enrolment": enrolment_enrol(session=session, user=alice),
        "draft_notice": notice_create(user=regulator, data=notice_data()),
        "draft_window": window_create(user=financier, data=window_data()),
        "draft_programme": programme_create(user=regulator, data=programme_data()),
        "unverified_notice": notice_create(user=unverified_regulator, data=notice_data()),
        "unverified_window": window_create(user=unverified_financier, data=window_data()),
        "unverified_programme": programme_create(user=unverified_regulator, data=programme_data()),
    }


def _json(data: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _json_money(data: dict) -> dict:
    return {k: (None if v is None else str(v)) for k, v in _json(data).items()}


def _later(days: int = 20) -> tuple[str, str]:
    start = timezone.now() + timedelta(days=days)
    return start.isoformat(), (start + timedelta(hours=2)).isoformat()


def _session_form(world) -> dict:
    start = timezone.now() + timedelta(days=20)
    return {
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "zone": "UTC",
        "capacity": 3,
    }


def _session_json(world) -> dict:
    starts, ends = _later()
    return {"starts_at": starts, "ends_at": ends, "capacity": 3}


def _pdf(world) -> dict:
    return {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")}


AMEND = {"title_en": "Amended", "change_note": "A clearer title."}
WITHDRAW = {"reason": "Superseded."}
# An edit by someone who may not edit it, or of an item not theirs: 403 (`at` gives the
# unverified organisation its own draft, which it may edit but not publish). The API hides
# another organisation's drafts altogether (404).
HTML = [
    Write("notice create", "/programs/notices/new/", lambda w: notice_form(), who=NOTICE,
          expect=dict(owner=302, other=302, anon=302, unverified=302, suspended=403)),
    Write("notice edit", "/programs/notices/{notice.pk}/edit/", lambda w: notice_form(**AMEND),
          who=NOTICE, at={"unverified": "/programs/notices/{unverified_notice.pk}/edit/"},
          expect=dict(owner=302, other=403, anon=302, unverified=302, suspended=403)),
    Write("notice publish", "/programs/notices/{draft_notice.pk}/publish/", who=NOTICE,
          at={"unverified": "/programs/notices/{unverified_notice.pk}/publish/"},
          expect=dict(owner=302, other=403, anon=302, unverified=403, suspended=403)),
    Write("notice withdraw", "/programs/notices/{notice.pk}/withdraw/", WITHDRAW, who=NOTICE,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("notice attach", "/programs/notices/{notice.pk}/attachments/", _pdf, who=NOTICE,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("window create", "/programs/funding/new/", lambda w: window_form(), who=WINDOW,
          expect=dict(owner=302, other=302, anon=302, unverified=302, suspended=403)),
    Write("window edit", "/programs/funding/{window.pk}/edit/",
          lambda w: window_form(title_en="Amended"), who=WINDOW,
          at={"unverified": "/programs/funding/{unverified_window.pk}/edit/"},
          expect=dict(owner=302, other=403, anon=302, unverified=302, suspended=403)),
    Write("window publish", "/programs/funding/{draft_window.pk}/publish/", who=WINDOW,
          at={"unverified": "/programs/funding/{unverified_window.pk}/publish/"},
          expect=dict(owner=302, other=403, anon=302, unverified=403, suspended=403)),
    Write("window withdraw", "/programs/funding/{window.pk}/withdraw/", WITHDRAW, who=WINDOW,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("programme create", "/programs/new/", lambda w: programme_form(), who=PROGRAMME,
          expect=dict(owner=302, other=302, anon=302, unverified=302, suspended=403)),
    Write("programme edit", "/programs/{programme.pk}/edit/",
          lambda w: programme_form(title_en="Amended"), who=PROGRAMME,
          at={"unverified": "/programs/{unverified_programme.pk}/edit/"},
          expect=dict(owner=302, other=403, anon=302, unverified=302, suspended=403)),
    Write("programme publish", "/programs/{draft_programme.pk}/publish/", who=PROGRAMME,
          at={"unverified": "/programs/{unverified_programme.pk}/publish/"},
          expect=dict(owner=302, other=403, anon=302, unverified=403, suspended=403)),
    Write("programme withdraw", "/programs/{programme.pk}/withdraw/", WITHDRAW, who=PROGRAMME,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("session add", "/programs/{programme.pk}/sessions/", _session_form, who=HOST,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("enrolment complete", "/programs/enrolments/{enrolment.pk}/complete/", who=HOST,
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("interest mark", "/programs/interests/{interest.pk}/mark/", {"status": "contacted"},
          who=WINDOW, expect=dict(owner=302, other=403, anon=302, suspended=403)),
    # An MSME's own
    Write("interest send", "/programs/funding/{open_window.pk}/interest/", {"message": "Hello"},
          expect=dict(owner=302, other=302, anon=302, suspended=403)),
    Write("interest withdraw", "/programs/interests/{interest.pk}/withdraw/",
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
    Write("enrol", "/programs/sessions/{session.pk}/enrol/",
          expect=dict(owner=302, other=302, anon=302, suspended=403)),
    Write("enrolment cancel", "/programs/enrolments/{enrolment.pk}/cancel/",
          expect=dict(owner=302, other=403, anon=302, suspended=403)),
]  # fmt: skip

NOTICE_JSON = _json(notice_data())
WINDOW_JSON = _json_money(window_data())
PROGRAMME_JSON = programme_data()
API = [
    Write("api notice create", "/api/v1/notices/", NOTICE_JSON, api=True, who=NOTICE,
          expect=dict(owner=201, other=201, anon=401, unverified=201, suspended=401)),
    Write("api notice put", "/api/v1/notices/{notice.pk}/", {**NOTICE_JSON, **AMEND},
          method="put", api=True, who=NOTICE,
          at={"unverified": "/api/v1/notices/{unverified_notice.pk}/"},
          expect=dict(owner=200, other=403, anon=401, unverified=200, suspended=401)),
    Write("api notice patch", "/api/v1/notices/{notice.pk}/", AMEND, method="patch", api=True,
          who=NOTICE, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api notice publish", "/api/v1/notices/{draft_notice.pk}/publish/", api=True,
          who=NOTICE, at={"unverified": "/api/v1/notices/{unverified_notice.pk}/publish/"},
          expect=dict(owner=200, other=404, anon=401, unverified=403, suspended=401)),
    Write("api notice withdraw", "/api/v1/notices/{notice.pk}/withdraw/", WITHDRAW, api=True,
          who=NOTICE, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api notice attach", "/api/v1/notices/{notice.pk}/attachments/", _pdf, api=True,
          multipart=True, who=NOTICE, expect=dict(owner=201, other=403, anon=401, suspended=401)),
    Write("api window create", "/api/v1/funding-windows/", WINDOW_JSON, api=True, who=WINDOW,
          expect=dict(owner=201, other=201, anon=401, unverified=201, suspended=401)),
    Write("api window put", "/api/v1/funding-windows/{window.pk}/",
          {**WINDOW_JSON, "title_en": "Amended"}, method="put", api=True, who=WINDOW,
          expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api window patch", "/api/v1/funding-windows/{window.pk}/", {"title_en": "Amended"},
          method="patch", api=True, who=WINDOW,
          at={"unverified": "/api/v1/funding-windows/{unverified_window.pk}/"},
          expect=dict(owner=200, other=403, anon=401, unverified=200, suspended=401)),
    Write("api window publish", "/api/v1/funding-windows/{draft_window.pk}/publish/", api=True,
          who=WINDOW, at={"unverified": "/api/v1/funding-windows/{unverified_window.pk}/publish/"},
          expect=dict(owner=200, other=404, anon=401, unverified=403, suspended=401)),
    Write("api window withdraw", "/api/v1/funding-windows/{window.pk}/withdraw/", WITHDRAW,
          api=True, who=WINDOW, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api programme create", "/api/v1/programs/", PROGRAMME_JSON, api=True, who=PROGRAMME,
          expect=dict(owner=201, other=201, anon=401, unverified=201, suspended=401)),
    Write("api programme put", "/api/v1/programs/{programme.pk}/",
          {**PROGRAMME_JSON, "title_en": "Amended"}, method="put", api=True, who=PROGRAMME,
          expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api programme patch", "/api/v1/programs/{programme.pk}/", {"title_en": "Amended"},
          method="patch", api=True, who=PROGRAMME,
          at={"unverified": "/api/v1/programs/{unverified_programme.pk}/"},
          expect=dict(owner=200, other=403, anon=401, unverified=200, suspended=401)),
    Write("api programme publish", "/api/v1/programs/{draft_programme.pk}/publish/", api=True,
          who=PROGRAMME, at={"unverified": "/api/v1/programs/{unverified_programme.pk}/publish/"},
          expect=dict(owner=200, other=404, anon=401, unverified=403, suspended=401)),
    Write("api programme withdraw", "/api/v1/programs/{programme.pk}/withdraw/", WITHDRAW,
          api=True, who=PROGRAMME, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api session add", "/api/v1/programs/{programme.pk}/sessions/", _session_json,
          api=True, who=HOST, expect=dict(owner=201, other=403, anon=401, suspended=401)),
    Write("api enrolment complete", "/api/v1/enrolments/{enrolment.pk}/complete/", api=True,
          who=HOST, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api interest mark", "/api/v1/interests/{interest.pk}/mark/", {"status": "contacted"},
          api=True, who=WINDOW, expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api interest send", "/api/v1/funding-windows/{open_window.pk}/interests/",
          {"message": "Hello"}, api=True,
          expect=dict(owner=201, other=201, anon=401, suspended=401)),
    Write("api interest withdraw", "/api/v1/interests/{interest.pk}/withdraw/", api=True,
          expect=dict(owner=200, other=403, anon=401, suspended=401)),
    Write("api enrol", "/api/v1/program-sessions/{session.pk}/enrol/", api=True,
          expect=dict(owner=201, other=201, anon=401, suspended=401)),
    Write("api enrolment cancel", "/api/v1/enrolments/{enrolment.pk}/cancel/", api=True,
          expect=dict(owner=200, other=403, anon=401, suspended=401)),
]  # fmt: skip

WRITES = HTML + API
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
