"""The permission matrix of matchmaking (tests/matrix.py): every write of profiles,
introductions, the shortlist, "not interested" and match runs, HTML and API.

alice owns an Indian MSME with a profile (`owner`); bob, of a Japanese SME with a profile, is
`other`; a silenced member of alice's organisation (who may do all but write to another
organisation: no introduction request) and a suspended one; the regulator (an organisation
that is not an MSME, playing `unverified`) where only MSMEs may act. Match runs are staff-only: staff
whose session passed two-factor (`owner`), a member (`other`) and the same staff with a
password-only session (`no_mfa`).
"""

from __future__ import annotations

import pytest

from matchmaking.models import Introduction, IntroductionStatus, ShortlistEntry
from matchmaking.tests.factories import make_profile
from taxonomy.models import PartnershipType
from tests.factories import make_org, make_user
from tests.matrix import Denied, Write, cases, check, covered

PEOPLE = {
    "owner": "alice",
    "other": "bob",
    "anon": None,
    "silenced": "silenced",
    "suspended": "suspended",
    "unverified": "regulator",  # not an MSME: no profile, no introductions
}
STAFF = {"owner": "admin_user", "other": "alice", "no_mfa": "admin_user"}


@pytest.fixture
def world(alice, bob, alice_profile, bob_profile):
    carol = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    make_user("carol@example.com", carol)
    dave = make_org(name_en="Dave Kogyo", country="JP", region="JP-13", city="Tokyo")
    make_user("dave@example.com", dave)
    carol_profile = make_profile(carol, headline_en="Spice blends")
    make_profile(dave, headline_en="Robots")
    jv = PartnershipType.objects.get(slug="joint-venture")

    def pending(a, b):
        return Introduction.objects.create(
            from_organisation=a, to_organisation=b, partnership_type=jv, message="Hello",
            status=IntroductionStatus.PENDING,
        )  # fmt: skip

    return {
        "to_alice": pending(bob.organisation, alice.organisation),
        "from_alice": pending(alice.organisation, dave),
        "entry": ShortlistEntry.objects.create(
            organisation=alice.organisation, profile=bob_profile, note="Call in May"
        ),
        "alice_profile": alice_profile,
        "carol_profile": carol_profile,
        "carol": carol,
        "dave": dave,
        "jv": jv,
    }


D = Denied()
PROFILE_FORM = {
    "headline_en": "We machine gears, hardened", "original_language": "en",
    "visibility": "public", "working_languages": ["en", "hi"],
}  # fmt: skip
# `other` edits their own profile (the page is "my profile"); the API's detail route names one.
HTML = [
    Write("profile edit", "/partners/profile/", PROFILE_FORM,
          expect=dict(owner=302, other=302, anon=302, silenced=302, suspended=403,
                      unverified=403)),
    Write("introduction request", "/partners/org/{carol.slug}/introduce/",
          lambda w: {"partnership_type": w["jv"].pk, "message": "Shall we talk?"},
          expect=dict(owner=302, other=302, anon=302, silenced=403, suspended=403,
                      unverified=403)),
    Write("introduction accept", "/partners/introductions/{to_alice.pk}/accept/",
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("introduction decline", "/partners/introductions/{to_alice.pk}/decline/",
          {"reason": "Not now"},
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("introduction withdraw", "/partners/introductions/{from_alice.pk}/withdraw/",
          expect=dict(owner=302, other=403, anon=302, silenced=302, suspended=403)),
    Write("shortlist add", "/partners/org/{carol.slug}/shortlist/",
          expect=dict(owner=302, other=302, anon=302, silenced=302, suspended=403,
                      unverified=403)),
    Write("shortlist note", "/partners/shortlist/{entry.pk}/note/", {"note": "Call in June"},
          expect=dict(owner=302, other=D, anon=302, silenced=302, suspended=403)),
    Write("shortlist remove", "/partners/shortlist/{entry.pk}/remove/",
          expect=dict(owner=302, other=D, anon=302, silenced=302, suspended=403)),
    Write("not interested", "/partners/org/{carol.slug}/not-interested/",
          expect=dict(owner=302, other=302, anon=302, silenced=302, suspended=403,
                      unverified=403)),
    Write("run now", "/partners/runs/run-now/", who=STAFF, staff_only=True,
          expect=dict(owner=302, other=403, anon=302, no_mfa=403)),
]  # fmt: skip

API = [
    Write("api profile create", "/api/v1/profiles/", {"headline_en": "Gears"}, api=True,
          who={"owner": "carol_newcomer"},  # `other` (bob has one) saves his own: the same route
          expect=dict(owner=201, other=201, anon=401, suspended=401, unverified=403)),
    Write("api profile patch", "/api/v1/profiles/{alice_profile.pk}/", {"headline_en": "Gears"},
          method="patch", api=True,
          expect=dict(owner=200, other=403, anon=401, silenced=200, suspended=401)),
    Write("api profile put", "/api/v1/profiles/{alice_profile.pk}/",
          {"headline_en": "Gears", "visibility": "members"}, method="put", api=True,
          expect=dict(owner=200, other=403, anon=401, silenced=200, suspended=401)),
    Write("api introduction request", "/api/v1/introductions/",
          lambda w: {"profile": w["carol_profile"].pk, "partnership_type": "joint-venture",
                     "message": "Shall we talk?"}, api=True,
          expect=dict(owner=201, other=201, anon=401, silenced=403, suspended=401,
                      unverified=403)),
    Write("api introduction accept", "/api/v1/introductions/{to_alice.pk}/accept/", api=True,
          expect=dict(owner=200, other=403, anon=401, silenced=200, suspended=401)),
    Write("api introduction decline", "/api/v1/introductions/{to_alice.pk}/decline/",
          {"reason": "Not now"}, api=True,
          expect=dict(owner=200, other=403, anon=401, silenced=200, suspended=401)),
    Write("api introduction withdraw", "/api/v1/introductions/{from_alice.pk}/withdraw/",
          api=True, expect=dict(owner=200, other=404, anon=401, silenced=200, suspended=401)),
    Write("api shortlist add", "/api/v1/shortlist/",
          lambda w: {"profile": w["carol_profile"].pk, "note": "Spices"}, api=True,
          expect=dict(owner=201, other=201, anon=401, silenced=201, suspended=401,
                      unverified=403)),
    Write("api shortlist note", "/api/v1/shortlist/{entry.pk}/", {"note": "Call in June"},
          method="patch", api=True,
          expect=dict(owner=200, other=404, anon=401, silenced=200, suspended=401)),
    Write("api shortlist remove", "/api/v1/shortlist/{entry.pk}/", method="delete", api=True,
          expect=dict(owner=204, other=404, anon=401, silenced=204, suspended=401)),
    Write("api match run", "/api/v1/match-runs/",
          lambda w: {"kind": "incremental", "profile": w["alice_profile"].pk}, api=True,
          who=STAFF, staff_only=True, expect=dict(owner=201, other=403, anon=401, no_mfa=403)),
]  # fmt: skip

WRITES = HTML + API
COVERED = covered(WRITES)


@pytest.fixture
def carol_newcomer(db):
    """The owner of an MSME that has no profile yet."""
    org = make_org(name_en="Erin Textiles", country="IN", region="IN-GJ", city="Surat")
    return make_user("erin@example.com", org)


@pytest.mark.parametrize(("write", "column"), cases(WRITES))
def test_it_enforces_who_may_write(db, request, client, write, column):
    check(request, client, write, column, PEOPLE)
