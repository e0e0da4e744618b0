"""Every write, for an anonymous visitor and for a member of another organisation (HTML and API).

The owner's success and the unverified organisation's refusal are tested per kind in
test_notices / test_funding / test_training; here each endpoint is walked for the two intruders,
and nothing may change.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programs.models import (
    Enrolment,
    ExpressionOfInterest,
    FundingWindow,
    NoticeAttachment,
    PolicyNotice,
    TrainingProgramme,
    TrainingSession,
)
from programs.services import enrolment_enrol, interest_send


def snapshot() -> tuple:
    """Everything a write could change, in one comparable value."""
    return (
        list(
            PolicyNotice.objects.order_by("pk").values_list(
                "pk", "status", "title_en", "amended_at"
            )
        ),
        list(FundingWindow.objects.order_by("pk").values_list("pk", "status", "title_en")),
        list(TrainingProgramme.objects.order_by("pk").values_list("pk", "status", "title_en")),
        list(TrainingSession.objects.order_by("pk").values_list("pk", "capacity")),
        list(Enrolment.objects.order_by("pk").values_list("pk", "status")),
        list(ExpressionOfInterest.objects.order_by("pk").values_list("pk", "status")),
        NoticeAttachment.objects.count(),
    )


@pytest.fixture
def world(notice, window, programme, alice):
    session = programme.sessions.get()
    return {
        "notice": notice,
        "window": window,
        "programme": programme,
        "session": session,
        "interest": interest_send(window=window, user=alice),
        "enrolment": enrolment_enrol(session=session, user=alice),
    }


PDF = b"%PDF-1.4\n%%EOF\n"
LATER = (timezone.now() + timedelta(days=20)).isoformat()
LATER_END = (timezone.now() + timedelta(days=20, hours=2)).isoformat()

API_WRITES = [
    ("patch", "/api/v1/notices/{notice}/", {"title_en": "x"}),
    ("post", "/api/v1/notices/{notice}/withdraw/", {"reason": "x"}),
    ("post", "/api/v1/notices/{notice}/attachments/", "pdf"),
    ("patch", "/api/v1/funding-windows/{window}/", {"title_en": "x"}),
    ("post", "/api/v1/funding-windows/{window}/withdraw/", {"reason": "x"}),
    ("post", "/api/v1/interests/{interest}/mark/", {"status": "declined"}),
    ("post", "/api/v1/interests/{interest}/withdraw/", {}),
    ("patch", "/api/v1/programs/{programme}/", {"title_en": "x"}),
    ("post", "/api/v1/programs/{programme}/withdraw/", {"reason": "x"}),
    (
        "post",
        "/api/v1/programs/{programme}/sessions/",
        {"starts_at": LATER, "ends_at": LATER_END, "capacity": 3},
    ),
    ("post", "/api/v1/enrolments/{enrolment}/cancel/", {}),
    ("post", "/api/v1/enrolments/{enrolment}/complete/", {}),
]

HTML_WRITES = [
    ("programs:notice_edit", "notice", {"title_en": "x"}),
    ("programs:notice_withdraw", "notice", {"reason": "x"}),
    ("programs:notice_attach", "notice", "pdf"),
    ("programs:window_edit", "window", {"title_en": "x"}),
    ("programs:window_withdraw", "window", {"reason": "x"}),
    ("programs:interest_mark", "interest", {"status": "declined"}),
    ("programs:interest_withdraw", "interest", {}),
    ("programs:programme_edit", "programme", {"title_en": "x"}),
    ("programs:programme_withdraw", "programme", {"reason": "x"}),
    (
        "programs:session_add",
        "programme",
        {
            "starts_at": "2026-12-20T10:00",
            "ends_at": "2026-12-20T12:00",
            "zone": "UTC",
            "capacity": 3,
        },
    ),
    ("programs:enrolment_cancel", "enrolment", {}),
    ("programs:enrolment_complete", "enrolment", {}),
]


def _payload(payload):
    return {"file": SimpleUploadedFile("a.pdf", PDF)} if payload == "pdf" else payload


@pytest.mark.parametrize(("method", "url", "payload"), API_WRITES)
def test_it_rejects_anonymous_api_writes(api_client, world, method, url, payload):
    before = snapshot()
    url = url.format(**{k: v.pk for k, v in world.items()})
    fmt = "multipart" if payload == "pdf" else "json"
    response = getattr(api_client, method)(url, _payload(payload), format=fmt)
    assert response.status_code in (401, 403)
    assert snapshot() == before


@pytest.mark.parametrize(("method", "url", "payload"), API_WRITES)
def test_it_rejects_api_writes_by_another_organisation(
    api_client, world, other_regulator, other_financier, bob, method, url, payload
):
    before = snapshot()
    url = url.format(**{k: v.pk for k, v in world.items()})
    fmt = "multipart" if payload == "pdf" else "json"
    # The intruder is of the owner's kind where that matters (another regulator for notices…),
    # and another MSME for the MSME's own interest and enrolment.
    if ("interests/" in url and url.endswith("withdraw/")) or "cancel" in url:
        intruder = bob
    elif "funding-windows" in url or "interests" in url:
        intruder = other_financier
    else:
        intruder = other_regulator
    api_client.force_authenticate(intruder)
    response = getattr(api_client, method)(url, _payload(payload), format=fmt)
    assert response.status_code == 403, response.content
    assert snapshot() == before


@pytest.mark.parametrize(("name", "target", "payload"), HTML_WRITES)
def test_it_sends_anonymous_html_writes_to_sign_in(client, world, name, target, payload):
    before = snapshot()
    response = client.post(reverse(name, args=[world[target].pk]), _payload(payload))
    assert response.status_code == 302 and "login" in response["Location"]
    assert snapshot() == before


@pytest.mark.parametrize(("name", "target", "payload"), HTML_WRITES)
def test_it_rejects_html_writes_by_another_organisation(
    client, world, other_regulator, other_financier, bob, name, target, payload
):
    before = snapshot()
    if name in ("programs:interest_withdraw", "programs:enrolment_cancel"):
        intruder = bob
    elif target in ("window", "interest"):
        intruder = other_financier
    else:
        intruder = other_regulator
    client.force_login(intruder)
    response = client.post(reverse(name, args=[world[target].pk]), _payload(payload))
    assert response.status_code == 403
    assert snapshot() == before


def test_it_pins_the_queries_of_the_participants_and_my_interests_api_lists(
    api_client, world, regulator, alice, django_assert_num_queries
):
    api_client.force_authenticate(regulator)
    # the programme with its sectors and sessions, then count and rows of the participants
    with django_assert_num_queries(5):
        participants = api_client.get(f"/api/v1/programs/{world['programme'].pk}/enrolments/")
    assert participants.json()["count"] == 1
    api_client.force_authenticate(alice)
    with django_assert_num_queries(2):
        mine = api_client.get("/api/v1/interests/")
    assert mine.json()["count"] == 1
