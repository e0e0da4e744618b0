"""The selectors other apps rely on (digests, matchmaking) and data export / deletion."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from programs import selectors
from programs.services import (
    enrolment_enrol,
    notice_create,
    notice_update,
    programme_create,
    window_create,
    window_update,
)
from programs.tests.factories import notice_data, programme_data, window_data


def test_it_returns_items_published_or_amended_in_the_interval(regulator, financier):
    before = timezone.now()
    notice = notice_create(user=regulator, data=notice_data(), publish=True)
    window = window_create(user=financier, data=window_data(), publish=True)
    programme = programme_create(user=regulator, data=programme_data(), publish=True)
    notice_create(user=regulator, data=notice_data(title_en="Still a draft"))
    middle = timezone.now()
    assert list(selectors.notices_changed_between(before, middle)) == [notice]
    assert list(selectors.windows_changed_between(before, middle)) == [window]
    assert list(selectors.programmes_changed_between(before, middle)) == [programme]
    notice_update(
        notice=notice, user=regulator, data={"title_en": "Amended"}, change_note="Retitled"
    )
    window_update(window=window, user=financier, data={"title_en": "Amended"})
    after = timezone.now() + timedelta(seconds=1)
    assert list(selectors.notices_changed_between(middle, after)) == [notice]
    assert list(selectors.windows_changed_between(middle, after)) == [window]
    assert list(selectors.programmes_changed_between(middle, after)) == []


def test_it_returns_open_windows_closing_within_days(financier):
    now = timezone.now()
    soon = window_create(
        user=financier, data=window_data(closes_at=now + timedelta(days=3)), publish=True
    )
    window_create(
        user=financier, data=window_data(closes_at=now + timedelta(days=30)), publish=True
    )
    window_create(user=financier, data=window_data(closes_at=now + timedelta(days=2)))  # draft
    assert list(selectors.windows_closing_within(14, now=now)) == [soon]


def test_eligible_windows_q_filters_windows(financier, alice_org):
    from programs.models import FundingWindow

    fits = window_create(user=financier, data=window_data(max_employees=500), publish=True)
    window_create(user=financier, data=window_data(max_employees=5), publish=True)
    q = selectors.eligible_windows_q(alice_org)
    assert list(FundingWindow.objects.filter(q)) == [fits]


def test_it_exports_and_erases_a_persons_enrolments(programme, alice):
    from programs.privacy import erase_user, export_user

    enrolment_enrol(session=programme.sessions.get(), user=alice)
    exported = export_user(alice)
    assert exported["enrolments"][0]["status"] == "enrolled"
    erase_user(alice)
    assert alice.programme_enrolments.get().status == "cancelled"
