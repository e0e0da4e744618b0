"""Fixtures of the partnerships tests: a conversation between alice's Indian MSME and bob's
Japanese SME and a third organisation (carol). The silenced and suspended members of alice's
side come from the root conftest."""

from __future__ import annotations

import pytest

from tests.factories import make_org, make_user


@pytest.fixture
def carol(db):
    org = make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")
    return make_user("carol@example.com", org, full_name="Carol")


@pytest.fixture
def alice_colleague(alice):
    return make_user("alice2@example.com", alice.organisation, role="member", full_name="Asha")


@pytest.fixture
def introduction(alice, bob):
    from matchmaking.tests.factories import accepted_introduction

    return accepted_introduction(alice.organisation, bob.organisation)


@pytest.fixture
def conversation(introduction):
    from matchmaking.partnerships.services.conversations import conversation_open

    return conversation_open(introduction=introduction)


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
