"""Browse, search, filter and export: pinned query counts, three languages, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.services import (
    notice_create,
    programme_create,
    session_add,
    window_create,
)
from programs.tests.factories import notice_data, programme_data, window_data
from taxonomy.models import Sector


@pytest.fixture
def many(regulator, financier):
    """Four published items of each kind, each with two sectors (and programmes two sessions)."""
    sectors = list(Sector.objects.all()[:2])
    now = timezone.now()
    for index in range(4):
        notice_create(
            user=regulator,
            data=notice_data(title_en=f"Notice {index}"),
            sectors=sectors,
            publish=True,
        )
        window_create(
            user=financier,
            data=window_data(
                title_en=f"Window {index}", closes_at=now + timedelta(days=5 + index * 10)
            ),
            sectors=sectors,
            publish=True,
        )
        programme = programme_create(
            user=regulator,
            data=programme_data(title_en=f"Programme {index}"),
            sectors=sectors,
            publish=True,
        )
        for day in (5, 40):
            start = now + timedelta(days=day)
            session_add(
                programme=programme,
                user=regulator,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                capacity=5,
            )


def rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- pinned query counts -------------------------------------------------------------------
# HTML: items, count, sectors prefetch (+ sessions for programmes), the sector filter list;
# windows add the exchange rate of the converted amounts (direct and inverse pair, once).
# API: count, items, sectors prefetch (+ attachments / sessions).


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [("programs:notice_list", 5), ("programs:window_list", 6), ("programs:programme_list", 5)],
)
def test_it_pins_the_queries_of_html_lists(
    client, many, django_assert_num_queries, url_name, queries
):
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/api/v1/notices/", 4), ("/api/v1/funding-windows/", 3), ("/api/v1/programs/", 4)],
)
def test_it_pins_the_queries_of_api_lists(
    api_client, many, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        response = api_client.get(url)
    assert response.json()["count"] == 4


def test_it_pins_the_queries_of_the_eligible_filter(client, many, alice, django_assert_num_queries):
    alice.sectors_of_interest.add(Sector.objects.first())
    client.force_login(alice)
    # session, user, organisation, its sectors (profile and members' interests in one UNION),
    # then the list's count, the sector filter, items, their sectors and the exchange rate.
    with django_assert_num_queries(11):  # + the bell's unread count
        response = client.get(reverse("programs:window_list") + "?eligible=1")
    assert response.context["page"].paginator.count == 4


def test_it_pins_the_queries_of_the_interest_list(
    client, financier, alice, django_assert_num_queries
):
    from programs.services import interest_send
    from tests.factories import make_org, make_user

    window = window_create(user=financier, data=window_data(), publish=True)
    for index in range(3):
        person = make_user(f"m{index}@example.com", make_org(name_en=f"M{index}"))
        interest_send(window=window, user=person)
    client.force_login(financier)
    with django_assert_num_queries(
        8
    ):  # + the bell's unread count, + one UNION of every applicant's sectors
        response = client.get(reverse("programs:window_interests", args=[window.pk]))
    assert len(response.context["items"]) == 3


def test_it_pins_the_queries_of_the_interest_api_list(
    api_client, financier, django_assert_num_queries
):
    from programs.services import interest_send
    from tests.factories import make_org, make_user

    window = window_create(user=financier, data=window_data(), publish=True)
    for index in range(3):
        interest_send(
            window=window, user=make_user(f"m{index}@example.com", make_org(name_en=f"M{index}"))
        )
    api_client.force_authenticate(financier)
    with django_assert_num_queries(4):
        response = api_client.get(f"/api/v1/funding-windows/{window.pk}/interests/")
    assert response.json()["count"] == 3


def test_it_pins_the_queries_of_my_enrolments(
    api_client, regulator, alice, django_assert_num_queries
):
    from programs.services import enrolment_enrol

    now = timezone.now()
    for index in range(3):
        programme = programme_create(
            user=regulator, data=programme_data(title_en=f"P{index}"), publish=True
        )
        session = session_add(
            programme=programme,
            user=regulator,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            capacity=4,
        )
        enrolment_enrol(session=session, user=alice)
    api_client.force_authenticate(alice)
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/enrolments/")
    assert response.json()["count"] == 3


# --- search in three languages -------------------------------------------------------------


@pytest.fixture
def trilingual(regulator):
    notice_create(
        user=regulator,
        data=notice_data(title_en="Credit guarantee for collateral-free loans"),
        publish=True,
    )
    notice_create(
        user=regulator,
        data=notice_data(title_en="", title_ja="グリーン水素の製造設備への補助金"),
        publish=True,
    )
    notice_create(
        user=regulator,
        data=notice_data(title_en="", title_hi="खाद्य प्रसंस्करण इकाइयों के लिए ऋण योजना"),
        publish=True,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("collateral", "Credit guarantee"),
        ("水素", "グリーン水素"),
        ("प्रसंस्करण", "खाद्य प्रसंस्करण"),
    ],
)
def test_it_finds_english_japanese_and_hindi_words(client, api_client, trilingual, query, expected):
    page = client.get(reverse("programs:notice_list"), {"q": query})
    assert [n.title for n in page.context["items"]] == [
        t for t in [n.title for n in page.context["items"]] if expected in t
    ]
    assert len(page.context["items"]) == 1 and expected in page.context["items"][0].title
    body = api_client.get("/api/v1/notices/", {"q": query}).json()
    assert body["count"] == 1


def test_it_searches_windows_and_programmes_too(client, financier, regulator):
    window_create(user=financier, data=window_data(title_ja="中小企業向け省エネ融資"), publish=True)
    programme_create(user=regulator, data=programme_data(title_hi="काइज़ेन प्रशिक्षण"), publish=True)
    assert (
        client.get(reverse("programs:window_list"), {"q": "省エネ"}).context["page"].paginator.count
        == 1
    )
    assert (
        client.get(reverse("programs:programme_list"), {"q": "प्रशिक्षण"})
        .context["page"]
        .paginator.count
        == 1
    )


# --- filters -------------------------------------------------------------------------------


def test_it_filters_windows_closing_within_days_and_marks_them(client, many):
    page = client.get(reverse("programs:window_list"), {"closing_within": 10})
    assert [w.title for w in page.context["items"]] == ["Window 0"]
    assert "Closing soon" in page.content.decode()


def test_it_filters_by_instrument_country_and_region(client, financier):
    window_create(
        user=financier,
        data=window_data(title_en="JP grant", instrument="grant", applicant_countries=["JP"]),
        publish=True,
    )
    window_create(
        user=financier,
        data=window_data(title_en="CG subsidy", instrument="subsidy", region="IN-CT"),
        publish=True,
    )
    url = reverse("programs:window_list")
    assert [w.title for w in client.get(url, {"instrument": "grant"}).context["items"]] == [
        "JP grant"
    ]
    assert [w.title for w in client.get(url, {"country": "IN"}).context["items"]] == ["CG subsidy"]
    assert [w.title for w in client.get(url, {"region": "IN-CT"}).context["items"]] == [
        "CG subsidy"
    ]


def test_it_filters_by_sector_and_kind(client, regulator):
    food = Sector.objects.get(slug="food-processing")
    notice_create(
        user=regulator,
        data=notice_data(title_en="Food rule", kind="regulation"),
        sectors=[food],
        publish=True,
    )
    notice_create(user=regulator, data=notice_data(title_en="Other"), publish=True)
    url = reverse("programs:notice_list")
    assert [n.title for n in client.get(url, {"sector": "food-processing"}).context["items"]] == [
        "Food rule"
    ]
    assert [n.title for n in client.get(url, {"kind": "regulation"}).context["items"]] == [
        "Food rule"
    ]


def test_it_sorts_windows_by_closing_date_or_newest(client, many):
    url = reverse("programs:window_list")
    closing = [w.title for w in client.get(url, {"sort": "closing"}).context["items"]]
    newest = [w.title for w in client.get(url, {"sort": "newest"}).context["items"]]
    assert closing == ["Window 0", "Window 1", "Window 2", "Window 3"]
    assert newest == list(reversed(closing))


def test_it_filters_open_windows(client, financier):
    now = timezone.now()
    window_create(
        user=financier,
        data=window_data(
            title_en="Later", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9)
        ),
        publish=True,
    )
    window_create(user=financier, data=window_data(title_en="Now"), publish=True)
    assert [
        w.title
        for w in client.get(reverse("programs:window_list"), {"open_now": "1"}).context["items"]
    ] == ["Now"]


def test_it_paginates(client, financier):
    for index in range(22):
        window_create(user=financier, data=window_data(title_en=f"W{index}"), publish=True)
    first = client.get(reverse("programs:window_list"))
    second = client.get(reverse("programs:window_list"), {"page": 2})
    assert len(first.context["items"]) == 20 and len(second.context["items"]) == 2


# --- CSV -----------------------------------------------------------------------------------


def test_it_exports_the_whole_filtered_html_list_as_csv(client, financier):
    for index in range(22):
        window_create(
            user=financier,
            data=window_data(title_en=f"Grant {index}", instrument="grant"),
            publish=True,
        )
    window_create(user=financier, data=window_data(title_en="A loan"), publish=True)
    page = client.get(reverse("programs:window_list"), {"instrument": "grant"})
    assert "instrument=grant&amp;format=csv" in page.content.decode()
    response = client.get(reverse("programs:window_list"), {"instrument": "grant", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    table = rows(response)
    assert table[0][:3] == ["ID", "Title", "Instrument"]
    assert len(table) == 23
    assert {row[2] for row in table[1:]} == {"Grant"}


@pytest.mark.parametrize(
    "url", ["/api/v1/notices/", "/api/v1/funding-windows/", "/api/v1/programs/"]
)
def test_it_exports_api_lists_as_csv_without_pagination(api_client, many, url):
    response = api_client.get(url, {"format": "csv", "page_size": 2})
    assert response["Content-Type"].startswith("text/csv")
    table = rows(response)
    assert "title_en" in table[0]
    assert len(table) == 5


def test_it_exports_notices_and_programmes_as_csv_from_html(client, many):
    assert len(rows(client.get(reverse("programs:notice_list"), {"format": "csv"}))) == 5
    assert len(rows(client.get(reverse("programs:programme_list"), {"format": "csv"}))) == 5


def test_the_schema_documents_the_endpoints(api_client, db):
    schema = api_client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/notices/",
        "/api/v1/funding-windows/{id}/eligibility/",
        "/api/v1/funding-windows/{id}/interests/",
        "/api/v1/programs/",
        "/api/v1/program-sessions/{id}/enrol/",
        "/api/v1/enrolments/{id}/cancel/",
    ):
        assert path in schema


def test_every_form_field_is_in_exactly_one_fieldset(db):
    from programs.forms import NoticeForm, ProgrammeForm, WindowForm
    from programs.models import PolicyNotice

    published = PolicyNotice(status="published")
    for form in (NoticeForm(instance=published), WindowForm(), ProgrammeForm()):
        grouped = [field.name for _, fields in form.grouped() for field in fields]
        assert sorted(grouped) == sorted(form.fields), type(form).__name__


@pytest.mark.parametrize(
    "params", [{"closing_within": "abc"}, {"page": "x"}, {"sort": "?"}, {"country": "ZZ"}]
)
def test_it_ignores_bad_filter_values(client, api_client, many, params):
    for name in ("programs:notice_list", "programs:window_list", "programs:programme_list"):
        assert client.get(reverse(name), params).status_code == 200
    assert (
        api_client.get(
            "/api/v1/funding-windows/", {k: v for k, v in params.items() if k != "page"}
        ).status_code
        == 200
    )


def test_it_flags_the_windows_an_msme_is_eligible_for(client, financier, alice):
    window_create(
        user=financier, data=window_data(title_en="Fits", max_employees=500), publish=True
    )
    window_create(
        user=financier, data=window_data(title_en="Too small", max_employees=5), publish=True
    )
    client.force_login(alice)
    items = client.get(reverse("programs:window_list")).context["items"]
    assert {w.title: w.eligible_for_me for w in items} == {"Fits": True, "Too small": False}
    assert "You are eligible" in client.get(reverse("programs:window_list")).content.decode()


def test_it_pins_the_queries_of_my_interests_and_enrolments(
    client, regulator, financier, alice, django_assert_num_queries
):
    from programs.services import enrolment_enrol, interest_send

    now = timezone.now()
    for index in range(3):
        window = window_create(user=financier, data=window_data(title_en=f"W{index}"), publish=True)
        interest_send(window=window, user=alice)
        programme = programme_create(
            user=regulator, data=programme_data(title_en=f"P{index}"), publish=True
        )
        start = now + timedelta(days=3)
        session = session_add(
            programme=programme,
            user=regulator,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=4,
        )
        enrolment_enrol(session=session, user=alice)
    client.force_login(alice)
    # session, user, organisation, then count + rows for each of the two lists.
    with django_assert_num_queries(8):  # + the bell's unread count
        page = client.get(reverse("programs:mine"))
    assert len(page.context["interests"]) == 3 and len(page.context["enrolments"]) == 3
    assert "W2" in page.content.decode() and "P2" in page.content.decode()


def test_it_sends_anonymous_visitors_from_my_page_to_sign_in(client, db):
    assert client.get(reverse("programs:mine")).status_code == 302


def test_it_shows_converted_amounts_in_the_list_with_one_rate_lookup(client, rates, many):
    from forum.money import convert

    expected = str(convert(window_data()["amount_max"], "INR", "JPY"))
    page = client.get(reverse("programs:window_list")).content.decode()
    assert page.count(expected) == 4
