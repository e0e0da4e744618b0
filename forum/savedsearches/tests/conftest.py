"""Fixtures of the saved-search tests."""

from __future__ import annotations

import pytest

from tests.factories import make_org, make_user


@pytest.fixture
def carol(db):
    """A third MSME person who saves the same searches as alice (identical queries)."""
    org = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    return make_user("carol@example.com", org, full_name="Carol", language="hi")


@pytest.fixture
def publish_window(financier):
    from programs.services import window_create
    from programs.tests.factories import window_data

    def publish(**fields):
        return window_create(user=financier, data=window_data(**fields), publish=True)

    return publish
