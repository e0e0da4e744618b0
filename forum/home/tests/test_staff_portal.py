"""The navigation's staff link leads to the staff portal (the staff dashboard), which links to
the verification and moderation queues, the match and digest runs, and the raw admin."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_org


def _nav_staff_link(html: str) -> str | None:
    found = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-nav="staff"', html)
    return found.group(1) if found else None


def test_the_staff_link_of_the_navigation_leads_to_the_staff_portal(mfa_login, client, admin_user):
    mfa_login(client, admin_user)
    for url in (reverse("home"), reverse("programs:notice_list"), reverse("account_home")):
        assert _nav_staff_link(client.get(url).content.decode()) == reverse("home:staff_dashboard")


def test_members_have_no_staff_link(client, alice):
    client.force_login(alice)
    assert _nav_staff_link(client.get(reverse("home")).content.decode()) is None


def test_the_staff_portal_links_to_every_staff_tool_with_its_count(mfa_login, client, admin_user):
    make_org(name_en="Waiting Bank", kind="financier", country="IN", verified=False)
    mfa_login(client, admin_user)
    html = client.get(reverse("home:staff_dashboard")).content.decode()
    tools = dict(re.findall(r'<a [^>]*href="([^"]+)"[^>]*data-tool="([a-z-]+)"', html))
    assert set(tools) == {
        reverse("verification_queue"),
        reverse("discussions:moderation_queue"),
        reverse("matchruns:list"),
        reverse("digests:run_list"),
        reverse("admin:index"),
    }
    verification = re.search(r'data-tool="verification">(.*?)</a>', html, re.S).group(1)
    assert '<div class="home-number">1</div>' in verification


@pytest.mark.parametrize(
    ("language", "heading"), [("ja", "スタッフ用ツール"), ("hi", "स्टाफ़ के उपकरण")]
)
def test_the_staff_portal_reads_in_the_staff_members_language(
    mfa_login, client, admin_user, language, heading
):
    from accounts.models import User

    User.objects.filter(pk=admin_user.pk).update(language=language)
    mfa_login(client, admin_user)
    html = client.get(reverse("home:staff_dashboard")).content.decode()
    assert heading in html and "Staff tools" not in html and "Verification queue" not in html
