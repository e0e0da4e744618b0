"""The partnerships API: conversations, messages, meetings, outcomes, the shortlist; the
project's error format; everything in the OpenAPI schema; pinned query counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from matchmaking.models import NotInterested, ShortlistEntry
from matchmaking.partnerships.services import conversations as service
from matchmaking.partnerships.tests.helpers import PDF, next_weekday_utc, pdf

pytestmark = pytest.mark.django_db


def test_conversations_list_only_ones_own_with_unread_in_pinned_queries(
    conversation, alice, bob, carol, api_client, django_assert_num_queries
):
    service.message_post(conversation=conversation, by_user=alice, body="hi")
    api_client.force_authenticate(bob)
    with django_assert_num_queries(2):
        body = api_client.get("/api/v1/conversations/").json()
    assert [(c["id"], c["unread"]) for c in body["results"]] == [(conversation.pk, 1)]
    api_client.force_authenticate(carol)
    assert api_client.get("/api/v1/conversations/").json()["results"] == []
    assert api_client.get(f"/api/v1/conversations/{conversation.pk}/").status_code == 404


def test_anonymous_gets_401_in_the_error_format(api_client):
    response = api_client.get("/api/v1/conversations/")
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) >= {"status", "code", "detail"}


def test_messages_with_an_attachment_through_the_api(conversation, alice, bob, api_client):
    api_client.force_authenticate(alice)
    response = api_client.post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"body": "Our **drawing**", "files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert "<strong>drawing</strong>" in data["body_html"]
    url = data["attachments"][0]["url"]
    api_client.force_authenticate(bob)
    listed = api_client.get(f"/api/v1/conversations/{conversation.pk}/messages/").json()
    assert [m["body"] for m in listed["results"]] == ["Our **drawing**"]
    download = api_client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_bad_file_is_a_400_with_field_errors(conversation, alice, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(alice)
    response = api_client.post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"body": "x", "files": [SimpleUploadedFile("x.pdf", b"GIF89a")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "files" in response.json()["error"]["fields"]


def test_a_silenced_member_gets_403_with_the_reason(conversation, silenced, api_client):
    api_client.force_authenticate(silenced)
    response = api_client.post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "x"}, format="json"
    )
    assert response.status_code == 403
    assert "silenced" in response.json()["error"]["detail"]


def test_meeting_propose_returns_warnings_and_accept_works(conversation, alice, bob, api_client):
    api_client.force_authenticate(alice)
    republic_day = datetime(2027, 1, 26, 5, 0, tzinfo=UTC)
    good = next_weekday_utc(4, 0)
    response = api_client.post(
        "/api/v1/meetings/",
        {
            "conversation": conversation.pk,
            "title": "Kick-off",
            "starts": [republic_day.isoformat(), good.isoformat()],
            "duration_minutes": 45,
            "mode": "online",
            "url": "https://meet.example/k",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert any("Republic Day" in w for w in meeting["warnings"])
    slot = next(s for s in meeting["slots"] if s["starts_at"].startswith(good.strftime("%Y-%m-%d")))
    api_client.force_authenticate(bob)
    accepted = api_client.post(
        f"/api/v1/meetings/{meeting['id']}/accept/", {"slot": slot["id"]}, format="json"
    ).json()
    assert accepted["status"] == "accepted"
    assert accepted["when"] == "13:00–13:45 JST / 09:30–10:15 IST"
    ics = api_client.get(f"/api/v1/meetings/{meeting['id']}/ics/")
    assert b"METHOD:REQUEST" in ics.content


def test_the_proposer_accepting_is_a_403(conversation, alice, api_client):
    api_client.force_authenticate(alice)
    meeting = api_client.post(
        "/api/v1/meetings/",
        {
            "conversation": conversation.pk,
            "title": "x",
            "starts": [next_weekday_utc(4, 0).isoformat()],
            "duration_minutes": 30,
            "mode": "online",
            "url": "https://meet.example/k",
        },
        format="json",
    ).json()
    response = api_client.post(
        f"/api/v1/meetings/{meeting['id']}/accept/",
        {"slot": meeting["slots"][0]["id"]},
        format="json",
    )
    assert response.status_code == 403 and response.json()["error"]["status"] == 403


@pytest.fixture
def agreed_meeting(conversation, alice, bob):
    from matchmaking.partnerships.services import meetings

    meeting = meetings.meeting_propose(
        conversation=conversation,
        by_user=alice,
        title="Kick-off",
        starts=[next_weekday_utc(4, 0)],
        duration_minutes=45,
        mode="online",
        url="https://meet.example/k",
    )
    return meetings.meeting_accept(meeting=meeting, by_user=bob, slot_id=meeting.slots.get().pk)


def test_a_reschedule_through_the_api_waits_for_the_other_side(
    agreed_meeting, alice, bob, carol, api_client
):
    url = f"/api/v1/meetings/{agreed_meeting.pk}/"
    new_start = agreed_meeting.starts_at + timedelta(days=2)
    api_client.force_authenticate(carol)
    refused = api_client.post(
        url + "reschedule/", {"starts": [new_start.isoformat()], "note": "x"}, format="json"
    )
    assert refused.status_code == 404  # a third organisation does not see the meeting at all
    api_client.force_authenticate(alice)
    moving = api_client.post(
        url + "reschedule/",
        {"starts": [new_start.isoformat()], "note": "Plant visit"},
        format="json",
    )
    assert moving.status_code == 200, moving.content
    body = moving.json()
    assert (body["status"], body["sequence"], body["warnings"]) == ("rescheduling", 0, [])
    assert body["starts_at"] == agreed_meeting.starts_at.isoformat().replace("+00:00", "Z")
    (slot,) = body["slots"]
    own = api_client.post(url + "accept/", {"slot": slot["id"]}, format="json")
    assert own.status_code == 403 and own.json()["error"]["status"] == 403
    api_client.force_authenticate(bob)
    moved = api_client.post(url + "accept/", {"slot": slot["id"]}, format="json").json()
    assert (moved["status"], moved["sequence"]) == ("accepted", 1)
    assert moved["starts_at"] == new_start.isoformat().replace("+00:00", "Z")


def test_keeping_the_agreed_time_through_the_api(agreed_meeting, alice, bob, carol, api_client):
    from matchmaking.partnerships.services import meetings

    meetings.meeting_reschedule(
        meeting=agreed_meeting,
        by_user=alice,
        starts=[agreed_meeting.starts_at + timedelta(days=2)],
        note="Plant visit",
    )
    url = f"/api/v1/meetings/{agreed_meeting.pk}/keep-time/"
    api_client.force_authenticate(carol)
    assert api_client.post(url).status_code == 404
    api_client.force_authenticate(bob)
    kept = api_client.post(url)
    assert kept.status_code == 200 and kept.json()["status"] == "accepted"
    again = api_client.post(url)
    assert again.status_code == 400 and again.json()["error"]["status"] == 400


def test_a_reschedule_without_times_is_a_400(agreed_meeting, alice, api_client):
    api_client.force_authenticate(alice)
    response = api_client.post(
        f"/api/v1/meetings/{agreed_meeting.pk}/reschedule/", {"note": "x"}, format="json"
    )
    assert response.status_code == 400 and "starts" in response.json()["error"]["fields"]


def test_suggestions_come_in_both_zones(conversation, alice, api_client):
    api_client.force_authenticate(alice)
    rows = api_client.get(f"/api/v1/conversations/{conversation.pk}/suggestions/").json()
    assert rows and all(" JST" in r["when"] or " IST" in r["when"] for r in rows)
    bad = api_client.get(f"/api/v1/conversations/{conversation.pk}/suggestions/?duration_minutes=x")
    assert bad.status_code == 400


def test_no_fit_outcome_keeps_the_pair_out_of_matching(conversation, alice, bob, api_client):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/outcomes/", {"conversation": conversation.pk, "kind": "no_fit"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert NotInterested.objects.filter(
        organisation=alice.organisation, other=bob.organisation
    ).exists()


def test_an_outcome_with_a_value_needs_a_currency(conversation, alice, api_client):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/outcomes/",
        {"conversation": conversation.pk, "kind": "supply", "value": "1500000"},
        format="json",
    )
    assert response.status_code == 400 and "currency" in response.json()["error"]["fields"]


def test_staff_export_outcomes_as_csv(mfa_login, conversation, alice, bob, admin_user, client):
    from matchmaking.partnerships.services.outcomes import outcome_record

    outcome_record(
        conversation=conversation, by_user=alice, kind="mou", value=15000000, currency="INR"
    )
    client.force_login(alice)
    assert client.get(reverse("partnerships:outcomes_csv")).status_code == 403
    mfa_login(client, admin_user)
    body = b"".join(client.get(reverse("partnerships:outcomes_csv")).streaming_content).decode()
    assert "Alice Auto Parts,Bob Seimitsu,joint-venture,mou,15000000.00,INR" in body


def test_the_shortlist_api_keeps_private_notes(alice, bob, carol, api_client):
    from matchmaking.tests.factories import make_profile

    make_profile(alice.organisation)
    profile = make_profile(bob.organisation)
    api_client.force_authenticate(alice)
    created = api_client.post(
        "/api/v1/shortlist/", {"profile": profile.pk, "note": "Ask about JIS"}, format="json"
    )
    assert created.status_code == 201, created.content
    entry = created.json()["id"]
    patched = api_client.patch(
        f"/api/v1/shortlist/{entry}/", {"note": "Met in Osaka"}, format="json"
    )
    assert patched.json()["note"] == "Met in Osaka"
    api_client.force_authenticate(carol)
    assert api_client.get(f"/api/v1/shortlist/{entry}/").status_code == 404
    assert api_client.get("/api/v1/shortlist/").json()["results"] == []
    api_client.force_authenticate(alice)
    assert api_client.delete(f"/api/v1/shortlist/{entry}/").status_code == 204
    assert not ShortlistEntry.objects.exists()


def test_the_calendar_feed_url_through_the_api(alice, api_client):
    api_client.force_authenticate(alice)
    assert api_client.get("/api/v1/calendar-feed/").json() == {"url": None}
    first = api_client.post("/api/v1/calendar-feed/").json()["url"]
    second = api_client.post("/api/v1/calendar-feed/").json()["url"]
    assert first != second and "/partners/calendar/feed/" in second


def test_the_schema_lists_every_endpoint(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in [
        "/api/v1/conversations/",
        "/api/v1/conversations/{id}/messages/",
        "/api/v1/messages/{id}/report/",
        "/api/v1/attachments/{token}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/accept/",
        "/api/v1/meetings/{id}/counter/",
        "/api/v1/meetings/{id}/reschedule/",
        "/api/v1/meetings/{id}/keep-time/",
        "/api/v1/meetings/{id}/cancel/",
        "/api/v1/meetings/{id}/record/",
        "/api/v1/calendar-feed/",
        "/api/v1/deal-room/",
        "/api/v1/deal-room/{token}/accept/",
        "/api/v1/deal-room/{token}/file/",
        "/api/v1/outcomes/",
        "/api/v1/shortlist/",
        "/api/v1/introductions/{id}/withdraw/",
    ]:
        assert path in schema["paths"], path
