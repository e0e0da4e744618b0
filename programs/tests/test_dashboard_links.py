"""The window and notice pages link to their dashboards for the owning organisation and
admins with MFA, and for nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.services import notice_create, window_create
from programs.tests.factories import notice_data, window_data
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(regulator, financier):
    notice = notice_create(user=regulator, data=notice_data(), publish=True)
    window = window_create(
        user=financier,
        data=window_data(closes_at=timezone.now() + timedelta(days=10)),
        publish=True,
    )
    return {
        "notice": (
            reverse("programs:notice_detail", args=[notice.pk]),
            f"/dashboard/notices/{notice.pk}/",
            "regulator",
        ),
        "window": (
            reverse("programs:window_detail", args=[window.pk]),
            f"/dashboard/windows/{window.pk}/",
            "financier",
        ),
    }


def _shows_link(client, user, page, *, login=None) -> bool:
    url, dashboard, _owner = page
    if user is not None:
        if login is not None:
            login(client, user)
        else:
            client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return f'href="{dashboard}"' in response.content.decode()


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_links_the_owner_to_the_dashboard(client, request, pages, which):
    owner = request.getfixturevalue(pages[which][2])
    assert _shows_link(client, owner, pages[which])


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_links_a_colleague_of_the_owner(client, request, pages, which):
    owner = request.getfixturevalue(pages[which][2])
    colleague = make_user("colleague@example.com", owner.organisation, role="member")
    assert _shows_link(client, colleague, pages[which])


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_links_admins_with_mfa(mfa_login, client, admin_user, pages, which):
    # Staff powers need a session that passed MFA (accounts.permissions.acts_as_staff).
    assert _shows_link(client, admin_user, pages[which], login=mfa_login)


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_does_not_link_admins_without_mfa(client, pages, which):
    staff = make_user("staff@example.com", None, is_staff=True)
    assert not _shows_link(client, staff, pages[which])


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_does_not_link_other_organisations(client, alice, pages, which):
    assert not _shows_link(client, alice, pages[which])


@pytest.mark.parametrize("which", ["notice", "window"])
def test_it_does_not_link_anonymous_visitors(client, pages, which):
    assert not _shows_link(client, None, pages[which])
