"""Saving from a list page, the manage page, and its permissions (owner / other
organisation / anonymous)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from forum.savedsearches.models import SavedSearch, SavedSearchResult
from forum.savedsearches.services import savedsearch_create, savedsearches_check
from matchmaking.tests.factories import make_profile
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def _hit(alice, name: str = "Gears") -> SavedSearchResult:
    search = savedsearch_create(
        user=alice, kind="directory", params=QueryDict("q=gears"), name=name
    )
    org = make_org(
        name_en="Kobe Gears", name_ja="神戸ギア", country="JP", region="JP-28", investment=None
    )
    make_profile(org, headline_en="Gears")
    savedsearches_check(now=timezone.now() + timedelta(seconds=1))
    return SavedSearchResult.objects.get(search=search, reported_at__isnull=False)


def test_the_directory_offers_save_this_search(client, alice):
    client.force_login(alice)
    html = client.get(reverse("matchmaking:directory") + "?q=gears").content.decode()
    assert 'action="/saved-searches/save/"' in html
    assert 'name="query" value="q=gears"' in html


@pytest.mark.parametrize(
    "url_name",
    ["programs:window_list", "programs:notice_list", "programs:programme_list"],
)
def test_every_programs_list_offers_it(client, alice, url_name):
    client.force_login(alice)
    assert "/saved-searches/save/" in client.get(reverse(url_name)).content.decode()


def test_anonymous_visitors_are_asked_to_sign_in_instead(client, db):
    html = client.get(reverse("matchmaking:directory") + "?q=gears").content.decode()
    assert "/saved-searches/save/" not in html
    assert "Sign in to save this search" in html


def test_saving_from_the_directory_goes_back_to_the_same_list(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("savedsearches:create"),
        {"kind": "directory", "query": "sector=food-processing&q=spices&page=3", "name": "Spices"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/partners/?q=spices&sector=food-processing"
    search = SavedSearch.objects.get()
    assert (search.user, search.name, search.query) == (
        alice,
        "Spices",
        "q=spices&sector=food-processing",
    )


def test_saving_twice_or_without_a_name_says_why(client, alice):
    client.force_login(alice)
    data = {"kind": "directory", "query": "q=gears", "name": "Gears"}
    client.post(reverse("savedsearches:create"), data)
    response = client.post(reverse("savedsearches:create"), data, follow=True)
    assert "You already saved this search as “Gears”." in response.content.decode()
    response = client.post(
        reverse("savedsearches:create"), {**data, "name": "  ", "query": "q=x"}, follow=True
    )
    assert "Give the search a name" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_bad_input_is_never_a_500(client, alice):
    client.force_login(alice)
    for data in (
        {"kind": "nonsense", "query": "q=x", "name": "N"},
        {"kind": "windows", "query": "closing_within=abc&eligible=maybe&%ZZ", "name": "W"},
        {},
    ):
        assert client.post(reverse("savedsearches:create"), data).status_code == 302


def test_it_rejects_anonymous_saving(client, db):
    response = client.post(
        reverse("savedsearches:create"), {"kind": "directory", "query": "", "name": "All"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_the_manage_page_shows_the_owners_searches_and_their_hits(client, alice, bob):
    _hit(alice)
    savedsearch_create(user=bob, kind="directory", params=QueryDict("q=tools"), name="Bob's tools")
    client.force_login(alice)
    html = client.get(reverse("savedsearches:list")).content.decode()
    assert "Gears" in html and "Kobe Gears" in html
    assert "Bob&#x27;s tools" not in html and "Bob's tools" not in html


def test_the_manage_page_has_an_empty_state(client, alice):
    client.force_login(alice)
    assert "No saved searches yet" in client.get(reverse("savedsearches:list")).content.decode()


def test_the_manage_page_has_a_pinned_query_count(client, alice, django_assert_num_queries):
    for n in range(25):
        savedsearch_create(
            user=alice, kind="directory", params=QueryDict(f"q=gear{n}"), name=f"Search {n}"
        )
    _hit(alice, name="Gears")
    client.force_login(alice)
    client.get(reverse("savedsearches:list"))
    # session, user, count, the page's searches, their reported results, the bell
    with django_assert_num_queries(6):
        response = client.get(reverse("savedsearches:list"))
    assert len(response.context["rows"]) == 20
    with django_assert_num_queries(6):
        client.get(reverse("savedsearches:list") + "?page=2")


def test_the_owner_renames_mutes_and_deletes(client, alice):
    result = _hit(alice)
    search = result.search
    client.force_login(alice)
    client.post(reverse("savedsearches:rename", args=[search.pk]), {"name": "Gear makers"})
    search.refresh_from_db()
    assert search.name == "Gear makers"
    client.post(reverse("savedsearches:mute", args=[result.pk]), {"muted": "1"})
    result.refresh_from_db()
    assert result.muted
    client.post(reverse("savedsearches:delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_it_rejects_other_organisations(client, alice, bob):
    result = _hit(alice)
    search = result.search
    client.force_login(bob)
    assert (
        client.post(reverse("savedsearches:rename", args=[search.pk]), {"name": "Mine"}).status_code
        == 404
    )
    assert client.post(reverse("savedsearches:mute", args=[result.pk])).status_code == 404
    assert client.post(reverse("savedsearches:delete", args=[search.pk])).status_code == 404
    search.refresh_from_db()
    result.refresh_from_db()
    assert search.name == "Gears" and not result.muted


def test_it_rejects_anonymous_changes(client, alice):
    result = _hit(alice)
    for url in (
        reverse("savedsearches:rename", args=[result.search.pk]),
        reverse("savedsearches:mute", args=[result.pk]),
        reverse("savedsearches:delete", args=[result.search.pk]),
    ):
        response = client.post(url, {"name": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("savedsearches:list")).status_code == 302
    assert SavedSearch.objects.get().name == "Gears"


def test_changes_need_a_post(client, alice):
    result = _hit(alice)
    client.force_login(alice)
    assert client.get(reverse("savedsearches:delete", args=[result.search.pk])).status_code == 405


def test_the_export_holds_the_searches_and_erasure_deletes_them(alice, bob):
    from accounts.services import user_delete, user_export

    result = _hit(alice)
    result.muted = True
    result.save()
    savedsearch_create(user=bob, kind="directory", params=QueryDict("q=tools"), name="Tools")
    exported = user_export(user=alice)["saved_searches"]
    assert [(s["name"], s["list"], s["query"]) for s in exported] == [
        ("Gears", "directory", "q=gears")
    ]
    assert exported[0]["muted_results"] == [result.url]
    user_delete(user=alice)
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["Tools"]


def test_it_limits_how_many_searches_one_person_keeps(client, settings, alice):
    settings.SAVEDSEARCHES_MAX_PER_USER = 2
    client.force_login(alice)
    for n in range(3):
        response = client.post(
            reverse("savedsearches:create"),
            {"kind": "notices", "query": f"q=zed{n}", "name": f"ZED {n}"},
            follow=True,
        )
    assert "You can keep up to 2 saved searches" in response.content.decode()
    assert SavedSearch.objects.filter(user=alice).count() == 2


def test_the_manage_page_says_what_each_search_filters_on(client, alice):
    savedsearch_create(
        user=alice,
        kind="windows",
        params=QueryDict("eligible=1&sector=food-processing"),
        name="Food money",
    )
    client.force_login(alice)
    html = client.get(reverse("savedsearches:list")).content.decode()
    assert "Windows I am eligible for · Sector: food-processing" in html
