"""The periodic check: new results of a saved search are exactly the new rows the list page
shows for the same query; identical queries are computed once; a re-run creates nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accounts.notifications.models import Notification
from forum.savedsearches import services
from forum.savedsearches.models import SavedSearch, SavedSearchResult
from forum.savedsearches.services import savedsearch_create, savedsearches_check
from matchmaking.tests.factories import make_profile
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def _new_profile(name: str, **fields):
    org = make_org(name_en=name, country="JP", region="JP-27", city="Osaka", investment=None)
    return make_profile(org, **fields)


def _hit_titles(user) -> list[str]:
    notification = Notification.objects.get(recipient=user, kind="savedsearch_hits")
    return sorted(item["title"]["en"] for item in notification.params["items"])


def test_directory_hits_equal_the_list_pages_new_results(client, alice, bob):
    make_profile(
        bob.organisation, headline_en="Precision gears, old news", sectors=["automotive-mobility"]
    )
    query = "q=gears&sector=automotive-mobility"
    search = savedsearch_create(
        user=alice, kind="directory", params=QueryDict(query), name="Gear makers"
    )
    assert search.results.count() == 1  # the baseline: what the list showed when saved
    _new_profile("Kobe Gears", headline_en="Hardened gears", sectors=["automotive-mobility"])
    _new_profile("Nagoya Gears", headline_en="Gears for tractors", sectors=["automotive-mobility"])
    _new_profile("Sapporo Foods", headline_en="Gears? no, noodles", sectors=["food-processing"])
    _new_profile("Kyoto Tools", headline_en="Cutting tools", sectors=["automotive-mobility"])

    assert savedsearches_check(now=timezone.now() + timedelta(seconds=1)) == 1

    client.force_login(alice)
    page = client.get(reverse("matchmaking:directory") + "?" + query)
    cards = "".join(card.html for card in page.context["cards"])
    names = {"Bob Seimitsu", "Kobe Gears", "Nagoya Gears", "Sapporo Foods", "Kyoto Tools"}
    listed = {name for name in names if name in cards}
    assert _hit_titles(alice) == sorted(listed - {"Bob Seimitsu"})
    assert _hit_titles(alice) == ["Kobe Gears", "Nagoya Gears"]
    notification = Notification.objects.get(recipient=alice)
    assert notification.params["search"] == "Gear makers"  # which saved search it came from
    assert notification.url == reverse("matchmaking:directory") + "?" + query


def test_eligible_for_me_hits_equal_the_funding_list_for_that_organisation(
    client, alice, carol, publish_window
):
    query = "eligible=1"
    savedsearch_create(user=alice, kind="windows", params=QueryDict(query), name="Mine")
    publish_window(title_en="Small firms only", max_employees=20)  # alice has 50: not eligible
    publish_window(title_en="Up to 250 people", max_employees=250)
    publish_window(title_en="Anyone")

    savedsearches_check(now=timezone.now() + timedelta(seconds=1))

    client.force_login(alice)
    page = client.get(reverse("programs:window_list") + "?" + query)
    assert _hit_titles(alice) == sorted(w.title_en for w in page.context["items"])
    assert _hit_titles(alice) == ["Anyone", "Up to 250 people"]


@pytest.mark.parametrize(
    ("kind", "query", "url_name"),
    [
        ("notices", "q=ZED", "programs:notice_list"),
        ("programmes", "topic=kaizen", "programs:programme_list"),
    ],
)
def test_notice_and_programme_hits_equal_their_list_pages(
    kind, query, url_name, client, alice, regulator
):
    from programs.services import notice_create, programme_create
    from programs.tests.factories import notice_data, programme_data

    savedsearch_create(user=alice, kind=kind, params=QueryDict(query), name=kind)
    notice_create(user=regulator, data=notice_data(title_en="ZED subsidy doubled"), publish=True)
    notice_create(
        user=regulator,
        data=notice_data(title_en="Customs forms", summary_en="Forms", body="Forms"),
        publish=True,
    )
    notice_create(user=regulator, data=notice_data(title_en="ZED draft"), publish=False)
    programme_create(user=regulator, data=programme_data(title_en="Kaizen week"), publish=True)
    programme_create(
        user=regulator,
        data=programme_data(title_en="Export basics", topic="export-readiness"),
        publish=True,
    )
    savedsearches_check(now=timezone.now() + timedelta(seconds=1))
    client.force_login(alice)
    page = client.get(reverse(url_name) + "?" + query)
    assert _hit_titles(alice) == sorted(item.title_en for item in page.context["items"])
    assert len(_hit_titles(alice)) == 1


def test_forum_search_hits_equal_the_forum_search_results(client, settings, alice, bob):
    from forum.discussions.models import Board
    from forum.discussions.services import thread_create

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 0
    settings.FORUM_NEW_USER_DAYS = 0
    board = Board.objects.create(slug="partnering", name_en="Partnering")
    savedsearch_create(user=alice, kind="forum", params=QueryDict("q=kaizen"), name="Kaizen talk")
    thread_create(board=board, author=bob, title="Kaizen in Osaka", language="en", body="5S")
    thread_create(board=board, author=bob, title="Customs", language="en", body="kaizen of forms")
    thread_create(board=board, author=bob, title="Export", language="en", body="Paperwork")
    savedsearches_check(now=timezone.now() + timedelta(seconds=1))
    client.force_login(alice)
    page = client.get(reverse("discussions:index") + "?q=kaizen")
    assert _hit_titles(alice) == sorted(t.title for t in page.context["page"].object_list)
    assert _hit_titles(alice) == ["Customs", "Kaizen in Osaka"]


def test_a_rerun_for_the_same_window_creates_nothing_twice(alice):
    from forum.savedsearches.tasks import savedsearch_check_tick

    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="Gears")
    _new_profile("Kobe Gears", headline_en="Gears")
    now = timezone.now() + timedelta(seconds=1)
    assert savedsearches_check(now=now) == 1
    assert savedsearches_check(now=now) == 0  # the retried run of the same window
    assert savedsearch_check_tick.apply().get() == 0  # a later run: nothing new either
    assert Notification.objects.count() == 1
    _new_profile("Nagoya Gears", headline_en="Gears")
    assert savedsearches_check(now=timezone.now() + timedelta(seconds=2)) == 1
    assert _hit_titles_latest(alice) == ["Nagoya Gears"]


def _hit_titles_latest(user) -> list[str]:
    notification = Notification.objects.filter(recipient=user).order_by("-id").first()
    return sorted(item["title"]["en"] for item in notification.params["items"])


def test_identical_queries_of_different_people_are_computed_once(monkeypatch, alice, carol, bob):
    calls = []
    original = services._rows

    def counting(source, viewer, query):
        calls.append((source.kind, query))
        return original(source, viewer, query)

    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="A")
    savedsearch_create(user=carol, kind="directory", params=QueryDict("q=gears&page=2"), name="C")
    savedsearch_create(user=bob, kind="directory", params=QueryDict("q=tools"), name="B")
    _new_profile("Kobe Gears", headline_en="Gears")
    monkeypatch.setattr(services, "_rows", counting)
    assert savedsearches_check(now=timezone.now() + timedelta(seconds=1)) == 2
    assert sorted(calls) == [("directory", "q=gears"), ("directory", "q=tools")]
    assert {n.recipient for n in Notification.objects.all()} == {alice, carol}


def test_eligible_for_me_is_computed_per_organisation(monkeypatch, alice, carol, publish_window):
    calls = []
    original = services._rows
    monkeypatch.setattr(
        services, "_rows", lambda s, v, q: calls.append(v.organisation_id) or original(s, v, q)
    )
    savedsearch_create(user=alice, kind="windows", params=QueryDict("eligible=1"), name="A")
    savedsearch_create(user=carol, kind="windows", params=QueryDict("eligible=1"), name="C")
    calls.clear()
    savedsearches_check(now=timezone.now() + timedelta(seconds=1))
    assert sorted(calls) == sorted([alice.organisation_id, carol.organisation_id])


def test_own_organisations_items_are_never_reported(alice, bob):
    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="Gears")
    make_profile(alice.organisation, headline_en="Our own gears")
    assert savedsearches_check(now=timezone.now() + timedelta(seconds=1)) == 0


def test_an_amended_window_is_reported_again_unless_muted(alice, financier, publish_window):
    from programs.services import window_update
    from programs.tests.factories import window_data

    savedsearch_create(user=alice, kind="windows", params=QueryDict("q=solar"), name="Solar")
    window = publish_window(title_en="Solar loans")
    assert savedsearches_check(now=timezone.now()) == 1
    result = SavedSearchResult.objects.get(object_id=window.pk)
    services.savedsearch_result_mute(result=result, user=alice)

    window_update(window=window, user=financier, data=window_data(title_en="Solar loans, 7%"))
    window.refresh_from_db()
    assert window.amended_at is not None
    assert savedsearches_check(now=timezone.now()) == 0  # muted

    services.savedsearch_result_mute(result=result, user=alice, muted=False)
    window_update(window=window, user=financier, data=window_data(title_en="Solar loans, 6%"))
    assert savedsearches_check(now=timezone.now()) == 1
    assert _hit_titles_latest(alice) == ["Solar loans, 6%"]


def test_deleting_the_search_stops_it(alice):
    search = savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="G")
    services.savedsearch_delete(search=search, user=alice)
    _new_profile("Kobe Gears", headline_en="Gears")
    assert savedsearches_check(now=timezone.now() + timedelta(seconds=1)) == 0
    assert not SavedSearch.objects.exists()


def test_hits_go_through_the_persons_notification_choice(alice, django_capture_on_commit_callbacks):
    from django.core import mail

    from accounts.notifications.services import notification_preferences_save

    notification_preferences_save(user=alice, channels={"savedsearch_hits": "email"})
    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="G")
    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=hardened"), name="H")
    _new_profile("Kobe Gears", headline_en="Hardened gears")
    with django_capture_on_commit_callbacks(execute=True):
        assert savedsearches_check(now=timezone.now() + timedelta(seconds=1)) == 2
    # Two searches hit, one message: the second waits for the batching window (never one
    # email per search).
    assert len(mail.outbox) == 1


def test_the_hit_notification_reads_in_english_japanese_and_hindi(alice):
    from accounts.notifications.kinds import render

    savedsearch_create(user=alice, kind="directory", params=QueryDict("q=gears"), name="Gears")
    _new_profile("Kobe Gears", headline_en="Gears")
    savedsearches_check(now=timezone.now() + timedelta(seconds=1))
    notification = Notification.objects.get(recipient=alice)
    texts = {
        lang: render(notification.kind, notification.params, lang) for lang in ("en", "ja", "hi")
    }
    assert texts["en"] == "New results for your saved search “Gears”: 1."
    assert texts["ja"] == "保存した検索「Gears」の新着結果: 1件。"
    assert texts["hi"] == "आपकी सहेजी गई खोज “Gears” के नए परिणाम: 1।"
