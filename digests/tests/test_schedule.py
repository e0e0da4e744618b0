"""The schedule: 08:00 in each recipient's own zone, once per period."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digests.models import Delivery
from digests.services import digest_schedule
from digests.tests.factories import subscriber
from tests.factories import make_org

# Monday 23 November 2026. 08:00 IST = 02:30 UTC; 08:00 JST = 23:00 UTC the day before.
MONDAY_0800_IST = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
MONDAY_0800_JST = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)


@pytest.fixture
def people(db):
    india = make_org(name_en="Pune Gears", country="IN", region="IN-MH")
    japan = make_org(name_en="Osaka Tools", country="JP", region="JP-27", kind="msme")
    return {
        "ist": subscriber("ist@example.com", india, timezone="Asia/Kolkata"),
        "jst": subscriber("jst@example.com", japan, timezone="Asia/Tokyo", language="ja"),
    }


def due_emails(now: datetime) -> set[str]:
    digest_schedule(now=now)
    return set(Delivery.objects.values_list("user__email", flat=True))


def test_it_sends_the_jst_digest_at_0800_jst_and_not_before(people):
    assert due_emails(datetime(2026, 11, 22, 22, 45, tzinfo=UTC)) == set()  # 07:45 JST
    assert due_emails(MONDAY_0800_JST) == {"jst@example.com"}  # 04:30 IST: not Indians yet


def test_it_sends_the_ist_digest_at_0800_ist_and_not_before(people):
    assert "ist@example.com" not in due_emails(datetime(2026, 11, 23, 2, 15, tzinfo=UTC))
    assert "ist@example.com" in due_emails(MONDAY_0800_IST)


def test_it_records_the_recipients_local_date_as_the_period(people):
    digest_schedule(now=MONDAY_0800_JST)  # Sunday in UTC, Monday in Tokyo
    delivery = Delivery.objects.get(user=people["jst"])
    assert delivery.period.isoformat() == "2026-11-23"


def test_it_creates_one_delivery_per_period_however_often_it_ticks(people):
    for minutes in (0, 15, 30, 45):
        digest_schedule(now=MONDAY_0800_IST.replace(minute=30 + minutes % 30))
    assert Delivery.objects.filter(user=people["ist"]).count() == 1


def test_it_sends_weekly_digests_on_monday_only(people):
    people["ist"].digest_preference.frequency = "weekly"
    people["ist"].digest_preference.save()
    tuesday = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert "ist@example.com" not in due_emails(tuesday)
    assert "ist@example.com" in due_emails(MONDAY_0800_IST)
    assert Delivery.objects.get(user=people["ist"]).kind == "weekly"


def test_it_skips_people_who_turned_digests_off(people):
    people["ist"].digest_preference.frequency = "off"
    people["ist"].digest_preference.save()
    assert "ist@example.com" not in due_emails(MONDAY_0800_IST)


def test_it_skips_an_address_that_was_refused_until_it_changes(people):
    preference = people["ist"].digest_preference
    preference.bounced_email = "IST@example.com"
    preference.save()
    assert "ist@example.com" not in due_emails(MONDAY_0800_IST)
    from allauth.account.models import EmailAddress

    people["ist"].email = "new-ist@example.com"
    people["ist"].save()
    EmailAddress.objects.create(user=people["ist"], email="new-ist@example.com", verified=True)
    assert "new-ist@example.com" in due_emails(MONDAY_0800_IST)


def test_it_creates_missing_preferences_with_defaults_from_the_organisation(db):
    from tests.factories import make_user

    org = make_org(name_en="Kyoto Parts", country="JP", region="JP-26", kind="msme")
    make_user("fresh@example.com", org, timezone="Asia/Tokyo")
    digest_schedule(now=MONDAY_0800_JST)
    delivery = Delivery.objects.select_related("user__digest_preference").get()
    assert delivery.kind == "weekly"
    assert delivery.user.digest_preference.countries == ["JP"]
    assert delivery.user.digest_preference.regions == ["JP-26"]
