"""The list behind the financier's pool numbers: the eligible organisations of a window, and
those one criterion excludes — the same filters as the counts, directory fields only, for the
window's organisation and admins alone."""

from __future__ import annotations

import pytest

from forum.home.selectors import pool_list
from programs.selectors import eligible_pool
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def _url(window, excluded: str = "") -> str:
    return f"/dashboard/windows/{window.pk}/pool/" + (f"?excluded={excluded}" if excluded else "")


@pytest.fixture
def pool_world(financier, open_window, alice, alice_profile, bob_profile, carol):
    """Alice and Carol (Indian, listed) are eligible; Bob (Japanese) is excluded by country."""
    financier.language = "en"
    financier.save(update_fields=["language"])
    return open_window


def test_the_financier_home_links_the_pool_numbers_to_their_lists(client, financier, pool_world):
    client.force_login(financier)
    html = client.get("/").content.decode()
    assert f'href="{_url(pool_world)}"' in html
    assert f'href="{_url(pool_world, "country")}"' in html


def test_it_lists_the_eligible_organisations(client, financier, pool_world):
    client.force_login(financier)
    html = client.get(_url(pool_world)).content.decode()
    assert "2 MSME organisations on the portal meet every criterion of the window." in html
    assert "Alice Auto Parts" in html and "Carol Foods" in html
    assert "Bob Seimitsu" not in html


def test_it_lists_the_organisations_a_criterion_excludes(client, financier, pool_world):
    client.force_login(financier)
    html = client.get(_url(pool_world, "country")).content.decode()
    assert "Organisations excluded by the criterion “country”" in html
    assert "Bob Seimitsu" in html
    assert "Alice Auto Parts" not in html and "Carol Foods" not in html


def test_each_list_has_as_many_organisations_as_its_number(financier, pool_world, bob):
    from accounts.models import Organisation

    Organisation.objects.filter(pk=bob.organisation_id).update(employees=500)
    pool = eligible_pool(pool_world)
    assert pool_list(pool_world, viewer=financier).total == pool.eligible == 2
    for criterion, excluded in pool.excluded.items():
        assert pool_list(pool_world, viewer=financier, excluded_by=criterion).total == excluded
    assert pool.excluded == {"country": 1, "employees": 1}


def test_a_criterion_the_window_does_not_set_lists_nobody(client, financier, pool_world):
    assert pool_list(pool_world, viewer=financier, excluded_by="turnover").total == 0
    client.force_login(financier)
    html = client.get(_url(pool_world, "turnover")).content.decode()
    assert "This criterion excludes no MSME on the portal." in html


def test_an_unknown_criterion_is_404(client, financier, pool_world):
    client.force_login(financier)
    assert client.get(_url(pool_world, "<nonsense>")).status_code == 404


def test_organisations_outside_the_directory_are_counted_without_their_names(
    client, financier, pool_world, alice_profile
):
    from matchmaking.models import Visibility

    alice_profile.visibility = Visibility.HIDDEN
    alice_profile.save(update_fields=["visibility"])
    make_org(name_en="Profileless Pumps", country="IN", employees=20)
    client.force_login(financier)
    html = client.get(_url(pool_world)).content.decode()
    assert "3 MSME organisations on the portal meet every criterion" in html
    assert "Carol Foods" in html
    assert "Alice Auto Parts" not in html and "Profileless Pumps" not in html
    assert "2 more are not listed in the partner directory" in html


def test_it_shows_no_contact_details(client, financier, pool_world, alice):
    from accounts.models import Organisation

    Organisation.objects.filter(pk=alice.organisation_id).update(
        website="https://alice-auto.example.com"
    )
    client.force_login(financier)
    html = client.get(_url(pool_world)).content.decode()
    assert "Alice Auto Parts" in html
    assert "alice-auto.example.com" not in html
    assert alice.email not in html


def test_an_empty_pool_says_what_to_do_next(client, financier, open_window):
    client.force_login(financier)
    html = client.get(_url(open_window)).content.decode()
    assert "No MSME on the portal meets every criterion yet." in html
    assert "#chart-eligible-pool-title" in html


def test_the_dashboard_table_links_each_number_of_the_pool(client, financier, pool_world):
    client.force_login(financier)
    html = client.get(f"/dashboard/windows/{pool_world.pk}/").content.decode()
    assert f'<a href="{_url(pool_world)}">eligible</a>' in html
    assert f'<a href="{_url(pool_world, "country")}">country</a>' in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ja", "この資金枠の対象となる組織"), ("hi", "इस फ़ंडिंग विंडो के लिए पात्र संगठन")],
)
def test_it_speaks_japanese_and_hindi(client, financier, pool_world, language, heading):
    financier.language = language
    financier.save(update_fields=["language"])
    client.force_login(financier)
    assert heading in client.get(_url(pool_world)).content.decode()


# ---------------------------------------------------------------- who may see it


def test_it_refuses_other_organisations(client, pool_world, alice):
    other = make_user("other-fin@example.com", make_org(name_en="Other Bank", kind="financier"))
    for person in (other, alice):
        client.force_login(person)
        assert client.get(_url(pool_world)).status_code == 403
        assert client.get(_url(pool_world, "country")).status_code == 403


def test_it_refuses_anonymous_visitors(client, pool_world):
    response = client.get(_url(pool_world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_admins_see_it_only_in_a_session_that_passed_mfa(client, mfa_login, admin_user, pool_world):
    client.force_login(admin_user)
    assert client.get(_url(pool_world)).status_code == 403
    mfa_login(client, admin_user)
    assert "Carol Foods" in client.get(_url(pool_world)).content.decode()


@pytest.mark.parametrize("extra", [0, 10])
def test_its_query_count_is_pinned(client, financier, pool_world, django_assert_num_queries, extra):
    from matchmaking.tests.factories import make_profile

    for n in range(extra):
        make_profile(
            make_org(name_en=f"Indian MSME {n}", country="IN", employees=10),
            sectors=["food-processing"],
        )
    client.force_login(financier)
    # session, user, window, its sectors, 4 exchange-rate lookups (turnover in INR), the count
    # of every organisation, the count and the page of listed profiles, their sectors, the bell
    with django_assert_num_queries(13):
        assert client.get(_url(pool_world)).status_code == 200
