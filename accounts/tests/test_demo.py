"""accounts' demo data: idempotent, one account per role, one organisation in the queue."""

from __future__ import annotations

import pytest

from accounts.models import Organisation, User, Verification


@pytest.mark.django_db
def test_it_seeds_once_however_often_it_runs():
    from accounts import demo

    demo.seed()
    counts = (User.objects.count(), Organisation.objects.count())
    demo.seed()
    assert (User.objects.count(), Organisation.objects.count()) == counts
    assert Organisation.objects.filter(is_sample=True).count() == counts[1]


@pytest.mark.django_db
def test_it_leaves_one_financier_waiting_for_verification():
    from accounts import demo
    from accounts.selectors import organisation_pending_list

    demo.seed()
    pending = list(organisation_pending_list())
    assert [o.slug for o in pending] == ["kansai-regional-credit-guarantee-pending-demo"]
    assert Organisation.objects.get(slug="sidbi-demo").verification_status == (
        Verification.VERIFIED
    )


@pytest.mark.django_db
def test_it_renders_the_public_page_with_the_programmes_include(client, alice_org):
    page = client.get(f"/orgs/{alice_org.slug}/")
    assert page.status_code == 200
    assert "Alice Auto Parts" in page.content.decode()


def test_the_readme_lists_the_demo_accounts_that_seed_demo_prints():
    import re

    from django.conf import settings

    from accounts.demo import ACCOUNTS

    readme = (settings.BASE_DIR / "README.md").read_text()
    listed = set(re.findall(r"`([a-z.]+@demo\.ijsme\.example)`", readme))
    assert listed == {account.email for account in ACCOUNTS}
