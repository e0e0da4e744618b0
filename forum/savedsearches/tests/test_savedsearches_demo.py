"""Demo data: after the demo seed the bell of the two demo MSMEs shows real notifications,
and the Indian MSME has a saved directory search that the real check reported on."""

from __future__ import annotations

import pytest

from accounts.notifications.models import Notification
from forum.savedsearches.models import SavedSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    from accounts import demo as accounts_demo
    from forum.savedsearches import demo
    from matchmaking import demo as matchmaking_demo
    from programs import demo as programs_demo

    accounts_demo.seed()
    with django_capture_on_commit_callbacks(execute=False):
        matchmaking_demo.seed()
        programs_demo.seed()
        demo.seed()
    return demo


def test_the_demo_msmes_have_unread_notifications_made_by_the_services(seeded):
    india = set(
        Notification.objects.filter(
            recipient__email=seeded.INDIA, read_at__isnull=True
        ).values_list("kind", flat=True)
    )
    assert india == {"interest_contacted", "savedsearch_hits"}
    japan = list(
        Notification.objects.filter(recipient__email=seeded.JAPAN).values_list("kind", flat=True)
    )
    assert japan == ["savedsearch_hits"]


def test_the_indian_msme_has_a_saved_search_with_reported_results(seeded):
    search = SavedSearch.objects.get(user__email=seeded.INDIA)
    hit = Notification.objects.get(kind="savedsearch_hits", recipient__email=seeded.INDIA)
    assert hit.params["search"] == search.name
    assert hit.params["count"] == seeded.REPORTED_ON_FIRST_RUN
    assert search.results.filter(reported_at__isnull=False).count() == seeded.REPORTED_ON_FIRST_RUN


def test_seeding_twice_adds_nothing(seeded):
    before = Notification.objects.count()
    seeded.seed()
    assert Notification.objects.count() == before
    assert SavedSearch.objects.count() == 2
