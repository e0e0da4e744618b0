"""Out-of-range numbers, dates out of order and unbounded text get a 400 with field errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.services.common import BODY_MAX_CHARS, SUMMARY_MAX_CHARS
from programs.tests.conftest import notice_data


def _fields(response) -> dict:
    body = response.json()
    assert body["error"]["status"] == 400
    return body["error"]["fields"]


@pytest.mark.django_db
def test_it_refuses_a_session_capacity_beyond_the_column(api_client, programme, regulator):
    api_client.force_authenticate(regulator)
    start = timezone.now() + timedelta(days=5)
    response = api_client.post(
        f"/api/v1/programs/{programme.pk}/sessions/",
        {
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
            "capacity": 10**20,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "capacity" in _fields(response)


@pytest.mark.django_db
def test_it_refuses_a_compliance_deadline_before_the_effective_date(api_client, regulator):
    api_client.force_authenticate(regulator)
    data = notice_data(effective_date="2027-01-01", compliance_deadline="2026-12-31")
    response = api_client.post("/api/v1/notices/", data, format="json")
    assert response.status_code == 400
    assert "compliance_deadline" in _fields(response)


@pytest.mark.django_db
def test_it_refuses_the_same_dates_out_of_order_in_the_form(client, regulator):
    from programs.models import PolicyNotice

    client.force_login(regulator)
    data = notice_data(effective_date="2027-01-01", compliance_deadline="2026-12-31")
    response = client.post("/programs/notices/new/", data)
    assert response.status_code in (200, 400)
    assert not PolicyNotice.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit"), [("summary_en", SUMMARY_MAX_CHARS), ("body_en", BODY_MAX_CHARS)]
)
def test_it_limits_the_length_of_summaries_and_bodies(api_client, regulator, field, limit):
    api_client.force_authenticate(regulator)
    response = api_client.post(
        "/api/v1/notices/", notice_data(**{field: "x" * (limit + 1)}), format="json"
    )
    assert response.status_code == 400
    assert field in _fields(response)
    response = api_client.post(
        "/api/v1/notices/", notice_data(**{field: "x" * limit}), format="json"
    )
    assert response.status_code == 201
