"""The partner directory: search in three languages, facets, sort, CSV, shortlist, counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matchmaking import services
from matchmaking.models import ShortlistEntry
from matchmaking.tests.factories import make_profile
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def _names(api_client, query: str) -> list[str]:
    results = api_client.get("/api/v1/profiles/", {"q": query}).json()["results"]
    return sorted(item["organisation"]["name"] for item in results)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("machined gears", ["Alice Auto Parts"]),  # English words of the headline
        ("Osaka", ["Bob Seimitsu"]),
        ("超硬", ["Bob Seimitsu"]),  # Japanese inside a sentence: 大阪の超硬切削工具メーカー
        ("大阪", ["Bob Seimitsu"]),
        ("精密機械加工", ["Alice Auto Parts", "Bob Seimitsu"]),  # capability offered / sought
        ("परिशुद्ध", ["Alice Auto Parts", "Bob Seimitsu"]),  # headline; capability sought
        ("दोपहिया", ["Alice Auto Parts"]),
        ("कटिंग", ["Alice Auto Parts", "Bob Seimitsu"]),  # Hindi capability name (sought/offered)
        ("cutting tools", ["Alice Auto Parts", "Bob Seimitsu"]),
        ("nothing-like-this", []),
    ],
)
def test_it_finds_words_in_english_japanese_and_hindi(
    api_client, alice_profile, bob_profile, query, expected
):
    assert _names(api_client, query) == expected


def test_it_searches_the_html_directory(client, alice_profile, bob_profile):
    html = client.get("/partners/", {"q": "大阪"}).content.decode()
    assert "Bob Seimitsu" in html and "Alice Auto Parts" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "JP"}, ["Bob Seimitsu"]),
        ({"region": "IN-PB"}, ["Alice Auto Parts"]),
        ({"sector": "automotive-mobility"}, ["Alice Auto Parts"]),
        ({"capability": "cutting-tools"}, ["Bob Seimitsu"]),  # offered, not sought
        ({"certification": "jis-mark"}, ["Bob Seimitsu"]),
        ({"partnership_type": "joint-venture"}, ["Alice Auto Parts"]),
        ({"certification": ["jis-mark", "iatf-16949"]}, ["Alice Auto Parts", "Bob Seimitsu"]),
        ({"country": "JP", "certification": "iatf-16949"}, []),
    ],
)
def test_it_filters_by_facets(api_client, alice_profile, bob_profile, params, expected):
    results = api_client.get("/api/v1/profiles/", params).json()["results"]
    assert sorted(item["organisation"]["name"] for item in results) == expected


def test_it_filters_by_msme_class(api_client, alice, alice_profile, bob_profile):
    msme_class = alice.organisation.msme_class
    assert msme_class
    results = api_client.get("/api/v1/profiles/", {"msme_class": msme_class}).json()["results"]
    assert [r["organisation"]["name"] for r in results] == ["Alice Auto Parts"]


def test_it_counts_facet_values(client, alice_profile, bob_profile):
    response = client.get("/partners/")
    facets = response.context["facets"]()  # built on demand (cached fragment)
    countries = {v.value: v.count for v in facets["country"]}
    assert countries == {"IN": 1, "JP": 1}
    certifications = {v.value: v.count for v in facets["certification"]}
    assert certifications["iso-9001"] == 2 and certifications["jis-mark"] == 1
    narrowed = client.get("/partners/", {"country": "JP"}).context["facets"]()
    assert {v.value: v.count for v in narrowed["certification"]} == {
        "iso-9001": 1,
        "jis-mark": 1,
    }
    # A facet is counted without its own filter, so India can still be added to Japan.
    assert {v.value: (v.count, v.selected) for v in narrowed["country"]} == {
        "IN": (1, False),
        "JP": (1, True),
    }


def test_it_sorts_by_name(api_client, alice_profile, bob_profile):
    results = api_client.get("/api/v1/profiles/", {"sort": "name"}).json()["results"]
    assert [r["organisation"]["name"] for r in results] == ["Alice Auto Parts", "Bob Seimitsu"]


def test_it_sorts_search_results_by_relevance(api_client, alice_profile, bob_profile):
    # Bob's headline and an offered capability say "cutting tools"; Alice only seeks them.
    from django.utils import timezone

    from matchmaking.models import PartnerProfile

    PartnerProfile.objects.filter(pk=alice_profile.pk).update(updated_at=timezone.now())
    recent = api_client.get("/api/v1/profiles/", {"q": "cutting tools", "sort": "recent"})
    assert recent.json()["results"][0]["organisation"]["name"] == "Alice Auto Parts"
    results = api_client.get("/api/v1/profiles/", {"q": "cutting tools"}).json()["results"]
    assert [r["organisation"]["name"] for r in results] == ["Bob Seimitsu", "Alice Auto Parts"]
    assert api_client.get("/api/v1/profiles/", {"sort": "relevance"}).status_code == 200


def test_it_ignores_unknown_sorts_and_facet_values(client, api_client, alice_profile):
    assert client.get("/partners/", {"sort": "evil", "country": "ZZ"}).status_code == 200
    assert api_client.get("/api/v1/profiles/", {"sort": "evil"}).status_code == 200


def test_it_paginates_the_directory(client, api_client, db):
    for i in range(23):
        make_profile(make_org(name_en=f"Org {i:02d}"))
    html = client.get("/partners/").content.decode()
    assert html.count("partner-card") == 20 and "page=2" in html
    assert client.get("/partners/?page=2").content.decode().count("partner-card") == 3
    body = api_client.get("/api/v1/profiles/", {"page_size": 10}).json()
    assert body["count"] == 23 and len(body["results"]) == 10 and body["next"]


def test_it_exports_the_filtered_directory_as_csv(client, alice_profile, bob_profile):
    response = client.get("/partners/", {"format": "csv", "country": "JP"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Bob Seimitsu" in lines[1]


# ---------------------------------------------------------------- shortlist


def test_it_keeps_a_shortlist_with_private_notes(client, bob, alice_profile, bob_profile):
    client.force_login(bob)
    client.post(f"/partners/org/{alice_profile.organisation.slug}/shortlist/")
    entry = ShortlistEntry.objects.get()
    assert entry.organisation == bob.organisation
    client.post(f"/partners/shortlist/{entry.pk}/note/", {"note": "Meet at IMTEX"})
    entry.refresh_from_db()
    assert entry.note == "Meet at IMTEX"
    assert "Meet at IMTEX" in client.get("/partners/shortlist/").content.decode()
    csv = b"".join(client.get("/partners/shortlist/?format=csv").streaming_content).decode()
    assert "Meet at IMTEX" in csv and "Alice Auto Parts" in csv


def test_it_keeps_shortlist_notes_private_to_the_organisation(
    client, bob, carol, alice, alice_profile, bob_profile
):
    entry = services.shortlist_add(by_user=bob, profile=alice_profile, note="Private thoughts")
    for viewer in (carol, alice):
        client.force_login(viewer)
        assert "Private thoughts" not in client.get("/partners/shortlist/").content.decode()
        client.post(f"/partners/shortlist/{entry.pk}/note/", {"note": "Overwritten"})
        client.post(f"/partners/shortlist/{entry.pk}/remove/")
    entry.refresh_from_db()
    assert entry.note == "Private thoughts"


def test_it_lets_the_organisation_remove_shortlist_entries(client, bob, alice_profile, bob_profile):
    entry = services.shortlist_add(by_user=bob, profile=alice_profile)
    client.force_login(bob)
    client.post(f"/partners/shortlist/{entry.pk}/remove/")
    assert not ShortlistEntry.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in_for_the_shortlist(client, alice_profile):
    response = client.post(f"/partners/org/{alice_profile.organisation.slug}/shortlist/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/partners/shortlist/").status_code == 302
    assert not ShortlistEntry.objects.exists()


def test_it_refuses_shortlists_to_non_msme_organisations(client, financier, alice_profile):
    client.force_login(financier)
    response = client.post(f"/partners/org/{alice_profile.organisation.slug}/shortlist/")
    assert response.status_code == 403
    assert not ShortlistEntry.objects.exists()


def test_it_refuses_to_shortlist_a_profile_the_user_cannot_see(client, bob, alice_profile):
    alice_profile.visibility = "hidden"
    alice_profile.save()
    client.force_login(bob)
    assert (
        client.post(f"/partners/org/{alice_profile.organisation.slug}/shortlist/").status_code
        == 404
    )


# ---------------------------------------------------------------- query counts


def _profiles(n: int) -> None:
    for i in range(n):
        country = "JP" if i % 2 else "IN"
        org = make_org(
            name_en=f"Bulk {country} {i}",
            country=country,
            region="JP-13" if country == "JP" else "IN-MH",
            investment=None if country == "JP" else 10_000_000,
        )
        make_profile(
            org,
            sectors=["logistics", "food-processing"],
            capabilities_offered=["cold-chain-logistics", "frozen-foods"],
            capabilities_sought=["warehouse-automation"],
            partnership_types=["distribution"],
            certifications_held=["iso-9001", "haccp"],
            target_markets=["africa"],
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _engage(bob) -> None:
    """Shortlist every other profile and exchange an introduction with its organisation."""
    from matchmaking.models import Introduction, PartnerProfile
    from taxonomy.models import PartnershipType

    kind = PartnershipType.objects.get(slug="distribution")
    for n, profile in enumerate(
        PartnerProfile.objects.exclude(organisation=bob.organisation).exclude(
            shortlisted_in__organisation=bob.organisation
        )
    ):
        services.shortlist_add(by_user=bob, profile=profile, note=f"note {n}")
        Introduction.objects.create(
            from_organisation=bob.organisation if n % 2 else profile.organisation,
            to_organisation=profile.organisation if n % 2 else bob.organisation,
            partnership_type=kind,
            message="Hello",
            status="accepted" if n % 3 == 0 else "pending",
        )


# Absolute baselines (signed in as bob): a change that adds a query per page fails here, and
# the number to update says by how much. Recounted when main's notifications and saved searches
# met these baselines: every HTML page now also reads the bell's unread count (+1), and the
# directory and profile pages read saved-search/partnership state (+1 more); the API is unchanged.
# With the facet cache off (as here), the directory counts its total on its own (+1): the
# total is what a page needs even when the facet column comes from the fragment cache.
# The directory lists ids first and renders the cards it has not cached (+1: cards that are
# all cached cost no query at all, see the cached baseline below).
LIST_QUERIES = {
    "/partners/": 28,
    "/partners/?q=cold&country=IN": 28,
    # The cache key's audience check, then the total (a cache hit live); the page's ids, and
    # the contacts of introduced organisations read apart from the (cached) items (+2).
    "/api/v1/profiles/": 16,
    "/api/v1/introductions/": 5,
    "/partners/shortlist/": 8,
    "/partners/introductions/": 8,
}
PROFILE_PAGE_QUERIES = 17
DIRECTORY_CACHED_QUERIES = 6


@pytest.mark.parametrize(
    "url",
    [
        "/partners/",
        "/partners/?q=cold&country=IN",
        "/api/v1/profiles/",
        "/api/v1/introductions/",
        "/partners/shortlist/",
        "/partners/introductions/",
    ],
)
def test_it_pins_the_query_count_of_lists(client, bob, bob_profile, url, django_assert_num_queries):
    """The same number of queries for 5 and for 30 profiles (with shortlist entries and
    introductions for each), so an N+1 fails here."""
    client.force_login(bob)
    _profiles(5)
    _engage(bob)
    small = _queries(client, url)
    _profiles(25)
    _engage(bob)
    assert _queries(client, url) == small
    assert small == LIST_QUERIES[url], (url, small)  # the absolute baseline
    with django_assert_num_queries(small):
        client.get(url)


def test_it_pins_the_query_count_of_the_profile_page(client, bob, alice_profile, bob_profile):
    from django.core.cache import cache

    client.force_login(bob)
    url = f"/partners/org/{alice_profile.organisation.slug}/"
    cache.clear()  # each view is then counted (one INSERT), as a first view is
    first = _queries(client, url)
    _profiles(10)
    cache.clear()
    assert _queries(client, url) == first
    assert first == PROFILE_PAGE_QUERIES, first  # the absolute baseline


@pytest.mark.parametrize(
    ("language", "heading"), [("ja", "パートナー企業名簿"), ("hi", "साझेदार निर्देशिका")]
)
def test_it_speaks_japanese_and_hindi(client, alice_profile, language, heading):
    html = client.get("/partners/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html
    assert "दोपहिया वाहनों के लिए परिशुद्ध" in html or language == "ja"


@pytest.fixture
def facet_cache(settings):
    """The facet-count cache on, under a version no earlier test used; afterwards the version
    moves on again, so what this test cached (counts, totals, facet columns) is never read by
    a later test, in this run or the next one on the same Redis."""
    from forum import cacheversion
    from matchmaking.selectors import FACETS_VERSION

    settings.DIRECTORY_FACETS_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.set(f"version:{FACETS_VERSION}", cacheversion.version(FACETS_VERSION) + 1000, None)
    yield
    cache.set(f"version:{FACETS_VERSION}", cacheversion.version(FACETS_VERSION) + 1000, None)


def _profile_table_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if '"matchmaking_partnerprofile"' in q["sql"]]


def test_it_serves_facet_counts_from_the_cache_without_counting_profiles(
    client, bob, alice_profile, bob_profile, facet_cache
):
    client.force_login(bob)
    first = _profile_table_queries(client, "/partners/")
    again = _profile_table_queries(client, "/partners/")
    # The first request counted each facet over the profiles, listed the page's rows and
    # rendered the cards; the second reads all of it from the cache.
    assert len(first) - len(again) == 10  # seven facets, the COUNT(*), the rows, the cards
    assert not any("COUNT(DISTINCT" in sql for sql in again)


def _save_chennai_profile(capture_on_commit) -> None:
    """A new public profile saved through the services, its on-commit hooks run."""
    from tests.factories import make_user

    org = make_org(name_en="Chennai Gears", country="IN", region="IN-TN")
    owner = make_user("chennai@example.com", org)
    with capture_on_commit(execute=True):
        services.profile_save(
            organisation=org,
            by_user=owner,
            data={"headline_en": "Gears", "visibility": "public", "original_language": "en"},
        )


def test_it_lists_a_saved_profile_at_once_with_the_page_cached(
    client, bob, alice_profile, bob_profile, facet_cache, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    assert "Chennai Gears" not in client.get("/partners/").content.decode()
    _save_chennai_profile(django_capture_on_commit_callbacks)
    assert "Chennai Gears" in client.get("/partners/").content.decode()


def test_it_counts_a_saved_profile_at_once(
    client, bob, alice_profile, bob_profile, facet_cache, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    before = {v.value: v.count for v in client.get("/partners/").context["facets"]()["country"]}
    _save_chennai_profile(django_capture_on_commit_callbacks)
    after = {v.value: v.count for v in client.get("/partners/").context["facets"]()["country"]}
    assert after["IN"] == before["IN"] + 1


def test_it_pins_the_query_count_of_the_directory_with_cached_facets(
    client, bob, bob_profile, facet_cache, django_assert_num_queries
):
    from matchmaking.services.profiles import profile_search_refresh

    client.force_login(bob)
    _profiles(5)
    client.get("/partners/")  # fills the cache
    small = _queries(client, "/partners/")
    _profiles(25)
    profile_search_refresh(profile=bob_profile)  # what every profile write does
    client.get("/partners/")
    with django_assert_num_queries(small):
        client.get("/partners/")
    # The absolute baseline with the counts, the facet column and the cards cached: session,
    # user, the viewer's own-hidden check and per-viewer state (the page's rows are cached).
    assert small == DIRECTORY_CACHED_QUERIES, small


def test_it_builds_the_facet_column_once_per_version(
    client, bob, bob_profile, facet_cache, django_capture_on_commit_callbacks
):
    """A cached facet column is served as it was until a profile write bumps the version."""
    from matchmaking.models import PartnerProfile
    from matchmaking.services.profiles import profile_search_refresh

    client.force_login(bob)
    _profiles(3)
    assert "f-region-JP-47" not in client.get("/partners/").content.decode()
    made = make_org(name_en="Naha Springs", country="JP", region="JP-47")
    # Written behind the services' back: no version bump, so the cached column stays.
    profile = PartnerProfile.objects.create(organisation=made, headline_en="Springs")
    assert "f-region-JP-47" not in client.get("/partners/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        profile_search_refresh(profile=profile)  # what every profile write does
    assert "f-region-JP-47" in client.get("/partners/").content.decode()


def test_it_serves_cached_cards_and_shows_an_edit_at_once(
    client, alice, bob, alice_profile, bob_profile, facet_cache, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    assert "Alice Auto Parts" in client.get("/partners/").content.decode()  # rendered, cached
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/partners/").content.decode()
    assert "Alice Auto Parts" in html
    # Served from the cache: no profile instance, no prefetched term of any card.
    assert not any('"matchmaking_capability"' in q["sql"] for q in ctx.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_save(
            organisation=alice.organisation,
            by_user=alice,
            data={
                "headline_en": "Gears hobbed to order",
                "visibility": "public",
                "original_language": "en",
            },
        )
    assert "Gears hobbed to order" in client.get("/partners/").content.decode()


def test_it_keeps_the_shortlist_badge_out_of_the_shared_card(
    client, alice, bob, alice_profile, bob_profile, facet_cache
):
    services.shortlist_add(by_user=bob, profile=alice_profile)
    badges = ("候補リストに追加済み", "On your shortlist")  # bob reads Japanese
    client.force_login(bob)
    assert badges[0] in client.get("/partners/").content.decode()
    client.force_login(alice)  # the same cached cards, without bob's shortlist
    html = client.get("/partners/").content.decode()
    assert "Bob Seimitsu" in html and not any(b in html for b in badges)
