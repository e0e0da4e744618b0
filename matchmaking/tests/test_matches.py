"""My matches (HTML and API): ranked and explained, filters, "not interested", query counts."""

from __future__ import annotations

import pytest

from matchmaking import services
from matchmaking.models import NotInterested
from matchmaking.tests.factories import make_profile
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def run_full_match() -> None:
    """A full match run through match runs' real service, in-process."""
    from matchmaking.runs.services import match_run_execute, match_run_request

    run = match_run_request(kind="full", requested_by=None)
    finished = match_run_execute(run_id=run.pk)
    assert finished is not None and finished.status == "complete", finished


@pytest.fixture
def matched(alice, bob, alice_profile, bob_profile):
    run_full_match()
    return alice_profile, bob_profile


def _japanese_partners(n: int) -> None:
    for i in range(n):
        org = make_org(name_en=f"Kobe Tools {i}", country="JP", region="JP-28", investment=None)
        make_profile(
            org,
            sectors=["advanced-manufacturing"],
            capabilities_offered=["cutting-tools"],
            capabilities_sought=["precision-machining"],
            partnership_types=["technology-transfer"],
            target_markets=["southeast-asia"],
        )


def test_it_shows_the_match_with_its_reasons(client, alice, matched):
    client.force_login(alice)
    html = client.get("/partners/matches/").content.decode()
    assert "Bob Seimitsu" in html
    assert "Carbide cutting tools from Osaka" in html
    assert "Southeast Asia" in html  # "Both target Southeast Asia"


def test_it_shows_reasons_in_the_readers_language(client, bob, matched):
    client.force_login(bob)
    html = client.get("/partners/matches/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "Alice Auto Parts" in html
    assert "東南アジア" in html


def test_it_shows_the_score_as_a_percentage_with_a_bar_per_reason_group(client, alice, matched):
    from matchmaking.runs.models import Match

    match = Match.objects.get(profile=matched[0])
    client.force_login(alice)
    html = client.get("/partners/matches/").content.decode()
    assert f"Fit {round(match.score * 100)}%" in html
    assert '<meter min="0" max="100"' in html and "<dt>Markets</dt>" in html


def test_it_adds_up_reason_points_per_group():
    from matchmaking.runs.reason_text import reason_bars

    reasons = [
        {"code": "they_seek", "capabilities": [1, 2]},
        {"code": "they_offer", "capabilities": [3]},
        {"code": "shared_markets", "markets": [4]},
        {"code": "certs_you_hold", "held": 1, "required": 2, "missing": [5]},
    ]
    assert reason_bars(reasons) == [("Capabilities", 30), ("Markets", 5)]


def test_it_filters_matches_by_sector(client, alice, matched):
    client.force_login(alice)
    assert (
        "Bob Seimitsu"
        in client.get("/partners/matches/?sector=advanced-manufacturing").content.decode()
    )
    assert "Bob Seimitsu" not in client.get("/partners/matches/?sector=textiles").content.decode()


def test_it_filters_matches_by_partnership_type(client, alice, matched):
    client.force_login(alice)
    assert (
        "Bob Seimitsu"
        in client.get("/partners/matches/?partnership_type=technology-transfer").content.decode()
    )
    assert (
        "Bob Seimitsu"
        not in client.get("/partners/matches/?partnership_type=investment").content.decode()
    )


def test_it_hides_a_pair_from_both_sides_at_once_when_not_interested(client, alice, bob, matched):
    client.force_login(alice)
    response = client.post(f"/partners/org/{bob.organisation.slug}/not-interested/")
    assert response.status_code == 302
    assert NotInterested.objects.filter(
        organisation=alice.organisation, other=bob.organisation
    ).exists()
    assert "match-card" not in client.get("/partners/matches/").content.decode()
    client.force_login(bob)
    assert "match-card" not in client.get("/partners/matches/").content.decode()


def test_it_keeps_the_pair_out_of_the_next_full_run(client, alice, bob, matched):
    from matchmaking.runs.selectors import current_matches

    services.not_interested_mark(by_user=alice, other=bob.organisation)
    run_full_match()
    alice_profile, bob_profile = matched
    assert not current_matches(alice_profile).filter(partner=bob_profile).exists()
    assert not current_matches(bob_profile).filter(partner=alice_profile).exists()


def test_it_refuses_not_interested_from_anonymous_visitors(client, bob, matched):
    response = client.post(f"/partners/org/{bob.organisation.slug}/not-interested/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not NotInterested.objects.exists()


def test_it_refuses_not_interested_from_non_msme_organisations(client, financier, bob, matched):
    client.force_login(financier)
    response = client.post(f"/partners/org/{bob.organisation.slug}/not-interested/")
    assert response.status_code == 403
    assert not NotInterested.objects.exists()


def test_it_marks_not_interested_once_however_often_asked(alice, bob, matched):
    services.not_interested_mark(by_user=alice, other=bob.organisation)
    services.not_interested_mark(by_user=alice, other=bob.organisation)
    assert NotInterested.objects.count() == 1


def test_it_asks_for_a_profile_before_showing_matches(client, carol):
    client.force_login(carol)
    html = client.get("/partners/matches/").content.decode()
    assert "Create your partner profile" in html


def test_it_sends_anonymous_visitors_to_sign_in_for_matches(client):
    response = client.get("/partners/matches/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- API


def test_it_lists_the_organisations_own_matches_in_the_api(api_client, alice, matched):
    api_client.force_authenticate(alice)
    body = api_client.get("/api/v1/matches/").json()
    assert body["count"] == 1
    match = body["results"][0]
    assert match["partner"]["organisation"]["name"] == "Bob Seimitsu"
    assert match["partner"]["contact"] is None
    assert any("Southeast Asia" in sentence for sentence in match["reasons_text"])
    assert 0 <= match["score"] <= 1


def test_it_refuses_matches_to_anonymous_api_clients(api_client, matched):
    assert api_client.get("/api/v1/matches/").status_code in (401, 403)


def test_it_refuses_matches_to_non_msme_api_clients(api_client, regulator, matched):
    api_client.force_authenticate(regulator)
    assert api_client.get("/api/v1/matches/").status_code == 403


# ---------------------------------------------------------------- query counts


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/partners/matches/", "/api/v1/matches/"])
def test_it_pins_the_query_count_of_my_matches(
    client, alice, alice_profile, url, django_assert_num_queries
):
    client.force_login(alice)
    _japanese_partners(5)
    run_full_match()
    client.get(url)  # warm the taxonomy-name cache of reasons
    counts = [_count_queries(client, url)]
    _japanese_partners(25)
    run_full_match()
    counts.append(_count_queries(client, url))
    assert counts[0] == counts[1], counts
    # Absolute; the HTML page also reads the bell's unread count of the layout, but shows only
    # the partner's organisation, where the API prefetches each partner's seven term lists.
    assert counts[0] == {"/partners/matches/": 11, "/api/v1/matches/": 17}[url], counts
    with django_assert_num_queries(counts[0]):
        client.get(url)


def test_it_shows_the_top_matches_in_rank_order(client, alice, alice_profile):
    client.force_login(alice)
    _japanese_partners(25)
    run_full_match()
    html = client.get("/partners/matches/").content.decode()
    assert html.count("match-card") == 20  # the run keeps the top K = 20; one page of 20
    assert html.index("#1 ") < html.index("#2 ") < html.index("#20 ")


def test_it_does_not_match_other_msmes_of_the_same_country(client, alice, alice_profile):
    client.force_login(alice)
    other = make_org(name_en="Pune Cutters", country="IN", region="IN-MH")
    make_user("p@example.com", other)
    make_profile(other, capabilities_offered=["cutting-tools"], target_markets=["southeast-asia"])
    run_full_match()
    assert "Pune Cutters" not in client.get("/partners/matches/").content.decode()
