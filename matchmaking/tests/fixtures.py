"""Fixtures shared by the matchmaking tests and others (registered in the root conftest.py)."""

from __future__ import annotations

import pytest

from matchmaking.tests.factories import make_profile
from tests.factories import make_org, make_user


@pytest.fixture
def alice_profile(alice):
    return make_profile(
        alice.organisation,
        headline_en="Precision machined gears for two-wheelers",
        headline_hi="दोपहिया वाहनों के लिए परिशुद्ध मशीनिंग गियर",
        sectors=["automotive-mobility"],
        capabilities_offered=["precision-machining", "gears-transmissions"],
        capabilities_sought=["cutting-tools"],
        partnership_types=["technology-transfer", "joint-venture"],
        certifications_held=["iatf-16949", "iso-9001"],
        target_markets=["southeast-asia"],
        contact_name="Alice Contact",
        contact_email="alice.contact@secret.example",
        contact_phone="+91 99999 00001",
    )


@pytest.fixture
def bob_profile(bob):
    return make_profile(
        bob.organisation,
        headline_en="Carbide cutting tools from Osaka",
        headline_ja="大阪の超硬切削工具メーカー",
        original_language="ja",
        sectors=["advanced-manufacturing"],
        capabilities_offered=["cutting-tools"],
        capabilities_sought=["precision-machining"],
        partnership_types=["technology-transfer"],
        certifications_held=["iso-9001", "jis-mark"],
        certifications_required=["iatf-16949"],
        target_markets=["southeast-asia"],
        working_languages=["en", "ja"],
        contact_name="Bob Contact",
        contact_email="bob.contact@secret.example",
        contact_phone="+81 6 0000 0002",
    )


@pytest.fixture
def carol_org(db):
    return make_org(name_en="Carol Foods", country="IN", region="IN-CT", city="Raipur")


@pytest.fixture
def carol(carol_org):
    return make_user("carol@example.com", carol_org, full_name="Carol")


@pytest.fixture
def alice_colleague(alice):
    return make_user("alice2@example.com", alice.organisation, role="member")


ALICE_SECRETS = ("alice.contact@secret.example", "Alice Contact", "+91 99999 00001")
BOB_SECRETS = ("bob.contact@secret.example", "Bob Contact", "+81 6 0000 0002")


def leaked(text: str, secrets: tuple[str, ...]) -> list[str]:
    """The contact details among `secrets` that appear in `text`."""
    return [secret for secret in secrets if secret in text]
