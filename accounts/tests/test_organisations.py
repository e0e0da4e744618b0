from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Organisation, Verification
from accounts.services import organisation_save
from tests.factories import make_org


@pytest.mark.django_db
def test_indian_msme_gets_its_class_from_the_thresholds():
    org = make_org(investment=Decimal("30000000"), annual_turnover=Decimal("150000000"))
    assert org.msme_class == "small"


@pytest.mark.django_db
def test_indian_msme_needs_a_udyam_number():
    org = Organisation(name_en="No Udyam", country="IN", kind="msme", region="IN-MH")
    with pytest.raises(ValidationError) as exc:
        organisation_save(organisation=org)
    assert "udyam_number" in exc.value.message_dict


@pytest.mark.django_db
def test_japanese_company_number_is_checked():
    org = Organisation(
        name_en="Typo KK",
        country="JP",
        kind="msme",
        region="JP-13",
        corporate_number="8000012050002",
    )
    with pytest.raises(ValidationError) as exc:
        organisation_save(organisation=org)
    assert "corporate_number" in exc.value.message_dict


@pytest.mark.django_db
def test_region_must_belong_to_the_country():
    org = Organisation(name_en="Mixed", country="JP", kind="regulator", region="IN-MH")
    with pytest.raises(ValidationError):
        organisation_save(organisation=org)


@pytest.mark.django_db
def test_regulators_start_pending_and_msmes_need_no_verification():
    reg = make_org(name_en="Reg", kind="regulator", region="IN-DL")
    msme = make_org(name_en="Maker")
    assert reg.verification_status == Verification.PENDING and not reg.can_publish
    assert msme.verification_status == Verification.NOT_REQUIRED and msme.can_publish
