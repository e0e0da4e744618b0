"""The permission matrix of accounts and notifications (tests/matrix.py): every write, HTML and
API, for the person it belongs to (`owner`: alice, the owner of her organisation), a member of
another organisation (bob), an anonymous visitor, a suspended member, and on the staff-only
verification route staff whose session passed two-factor against the same staff with a
password-only session.

A suspended person keeps what concerns only themself on the pages (preferences, the data
export, deleting the account, reading notifications) and nothing else: no token, no change to
the organisation, and no API call at all."""

from __future__ import annotations

import pytest

from accounts.notifications.kinds import KINDS
from accounts.notifications.services import notification_create
from accounts.services import api_token_create, invitation_create
from tests.factories import make_org, make_user
from tests.matrix import Denied, Write, cases, check, covered

PEOPLE = {"owner": "alice", "other": "bob", "anon": None, "suspended": "suspended"}
STAFF = {"owner": "admin_user", "other": "alice", "no_mfa": "admin_user"}


@pytest.fixture
def newcomer(db):
    """Signed up, no organisation yet: the person onboarding is for."""
    return make_user("new@example.com", None, full_name="Newcomer")


@pytest.fixture
def invitee(db):
    return make_user("invitee@example.com", None, full_name="Invitee")


@pytest.fixture
def world(alice, bob, suspended, invitee, alice_colleague):
    _token, _key = api_token_create(user=alice, name="laptop")
    pending = make_org(name_en="Waiting Regulator", kind="regulator", region="IN-GJ")
    pending.verification_status = "pending"
    pending.save(update_fields=["verification_status"])
    for person in (alice, bob, suspended):
        notification_create(
            recipient=person, kind="introduction_requested", params={"org": "Bob Seimitsu"}
        )
    return {
        "token": alice.api_tokens.get(),
        "invitation": invitation_create(
            organisation=alice.organisation, email="someone@example.com", by_user=alice
        ),
        "open_invitation": invitation_create(
            organisation=alice.organisation, email=invitee.email, by_user=alice
        ),
        "colleague": alice_colleague,
        "pending": pending,
        "notification": alice.notifications.get(),
    }


ORGANISATION = {
    "name_en": "Alice Auto Parts Pvt Ltd", "country": "IN", "region": "IN-PB", "city": "Ludhiana",
    "employees": 60, "annual_turnover": "50000000", "turnover_currency": "INR",
    "investment": "10000000", "investment_currency": "INR", "founded_year": 2010,
}  # fmt: skip


def _organisation_edit(world):
    return {**ORGANISATION, "udyam_number": world["colleague"].organisation.udyam_number}


def _onboarding(world):
    return {**ORGANISATION, "name_en": "New Works", "kind": "msme",
            "udyam_number": "UDYAM-PB-01-7654321"}  # fmt: skip


D = Denied()
HTML = [
    Write("preferences", "/account/preferences/",
          {"language": "hi", "timezone": "Asia/Singapore"},
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
    Write("token create", "/account/tokens/", {"name": "ci"},
          expect=dict(owner=302, other=302, anon=302, suspended=403)),
    Write("token revoke", "/account/tokens/{token.pk}/revoke/",
          expect=dict(owner=302, other=404, anon=302, suspended=404)),
    Write("export", "/account/export/", changes=False,
          expect=dict(owner=200, other=200, anon=302, suspended=200)),
    Write("delete", "/account/delete/", {"password": "correct-horse-battery"},
          who={"owner": "bob", "other": "alice"},
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
    Write("onboarding", "/account/onboarding/", _onboarding, who={"owner": "newcomer"},
          expect=dict(owner=302, other=D, anon=302, suspended=D)),
    Write("organisation edit", "/account/organisation/edit/", _organisation_edit,
          expect=dict(owner=302, other=400, anon=302, suspended=403)),
    # `other` invites to, and manages, their own organisation: alice's rows are not theirs.
    Write("invite", "/account/organisation/invite/", {"email": "new@example.com", "role": "member"},
          expect=dict(owner=302, other=302, anon=302, suspended=403)),
    Write("invitation revoke", "/account/organisation/invitations/{invitation.pk}/revoke/",
          expect=dict(owner=302, other=404, anon=302, suspended=403)),
    Write("member role", "/account/organisation/members/{colleague.pk}/role/", {"role": "owner"},
          expect=dict(owner=302, other=404, anon=302, suspended=403)),
    Write("member remove", "/account/organisation/members/{colleague.pk}/remove/",
          expect=dict(owner=302, other=404, anon=302, suspended=403)),
    Write("invitation accept", "/account/invitations/{open_invitation.token}/",
          who={"owner": "invitee"}, expect=dict(owner=302, other=403, anon=403, suspended=403)),
    Write("verification", "/account/verification/{pending.pk}/", {"decision": "approve"},
          who=STAFF, staff_only=True, expect=dict(owner=302, other=403, anon=302, no_mfa=403)),
    Write("notification read", "/notifications/{notification.pk}/read/",
          expect=dict(owner=302, other=404, anon=302, suspended=404)),
    Write("notifications read all", "/notifications/read-all/",
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
    Write("notification preferences", "/notifications/preferences/",
          {code: "email" for code in KINDS},
          expect=dict(owner=302, other=302, anon=302, suspended=302)),
]  # fmt: skip

# The API refuses a suspended person's session as it refuses their tokens (401).
API = [
    Write("api token create", "/api/v1/tokens/", {"name": "ci"}, api=True,
          expect=dict(owner=201, other=201, anon=401, suspended=401)),
    Write("api token revoke", "/api/v1/tokens/{token.pk}/", method="delete", api=True,
          expect=dict(owner=204, other=404, anon=401, suspended=401)),
    Write("api notification read", "/api/v1/notifications/{notification.pk}/read/", api=True,
          expect=dict(owner=200, other=404, anon=401, suspended=401)),
    Write("api notifications read all", "/api/v1/notifications/read-all/", api=True,
          expect=dict(owner=200, other=200, anon=401, suspended=401)),
]  # fmt: skip

WRITES = HTML + API
COVERED = covered(WRITES)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
