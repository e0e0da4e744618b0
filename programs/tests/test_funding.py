"""Funding windows: who may write, time zones, eligibility pages, expressions of interest."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.models import ExpressionOfInterest, FundingWindow, InterestStatus, Status
from programs.services import interest_mark, interest_send, window_create
from programs.tests.factories import window_data
from programs.tests.factories import window_form as form_post
from tests.factories import make_user


def test_it_stores_times_entered_in_the_chosen_zone_as_utc(client, financier):
    client.force_login(financier)
    response = client.post(reverse("programs:window_create"), form_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    window = FundingWindow.objects.get()
    assert window.closes_at == datetime(2026, 12, 28, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert window.applicant_countries == ["IN"]
    assert window.status == Status.DRAFT


def test_it_shows_form_errors_for_a_window_that_closes_before_it_opens(client, financier):
    client.force_login(financier)
    response = client.post(
        reverse("programs:window_create"), form_post(closes_at="2026-11-01T10:00")
    )
    assert response.status_code == 200
    assert not FundingWindow.objects.exists()


def test_it_requires_a_way_to_apply(client, financier):
    client.force_login(financier)
    response = client.post(reverse("programs:window_create"), form_post(apply_url=""))
    assert "Say how to apply" in response.content.decode()
    assert not FundingWindow.objects.exists()


def test_it_rejects_windows_from_a_regulator(client, regulator):
    client.force_login(regulator)
    assert client.post(reverse("programs:window_create"), form_post()).status_code == 403


def test_it_rejects_anonymous_window_creation(client, db):
    response = client.post(reverse("programs:window_create"), form_post())
    assert response.status_code == 302 and "login" in response["Location"]
    assert not FundingWindow.objects.exists()


def test_it_rejects_publishing_by_an_unverified_financier(client, unverified_financier):
    window = window_create(user=unverified_financier, data=window_data())
    client.force_login(unverified_financier)
    assert client.post(reverse("programs:window_publish", args=[window.pk])).status_code == 403


def test_it_rejects_edits_by_another_financier(client, window, other_financier):
    client.force_login(other_financier)
    response = client.post(reverse("programs:window_edit", args=[window.pk]), form_post())
    assert response.status_code == 403


def test_it_dates_amendments_of_a_published_window(client, window, financier):
    client.force_login(financier)
    response = client.post(
        reverse("programs:window_edit", args=[window.pk]), form_post(title_en="Renamed")
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.title_en == "Renamed" and window.amended_at is not None


def test_it_shows_an_msme_whether_it_is_eligible(client, financier, alice):
    window = window_create(
        user=financier, data=window_data(max_employees=10, min_years_in_business=3), publish=True
    )
    client.force_login(alice)
    page = client.get(reverse("programs:window_detail", args=[window.pk])).content.decode()
    assert "Not eligible" in page
    assert "50 employees is above the limit of 10" in page


def test_it_shows_amounts_and_deadlines_in_both_notations(client, window, alice):
    client.force_login(alice)
    page = client.get(reverse("programs:window_detail", args=[window.pk])).content.decode()
    assert "₹5 crore" in page
    assert "IST" in page and "JST" in page


class TestInterest:
    def test_it_does_not_offer_interest_to_a_not_eligible_organisation(
        self, client, financier, alice
    ):
        from django.core.exceptions import ValidationError

        window = window_create(user=financier, data=window_data(max_employees=10), publish=True)
        client.force_login(alice)
        page = client.get(reverse("programs:window_detail", args=[window.pk])).content.decode()
        assert "Send interest" not in page
        assert "Expressing interest needs an eligible organisation" in page
        assert reverse("organisation_edit") in page
        with pytest.raises(ValidationError):
            interest_send(window=window, user=alice)
        assert not ExpressionOfInterest.objects.exists()

    def test_it_shows_the_financier_each_applicants_eligibility_and_exports_csv(
        self, client, window, alice, financier
    ):
        import csv
        import io

        interest_send(window=window, user=alice, message="We need ₹2 crore")
        client.force_login(financier)
        url = reverse("programs:window_interests", args=[window.pk])
        page = client.get(url).content.decode()
        assert "Eligibility" in page and "Eligible" in page
        response = client.get(url, {"format": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][:6] == [
            "Organisation",
            "Country",
            "Sent by",
            "Sent (UTC)",
            "Status",
            "Eligibility",
        ]
        assert rows[1][0] == "Alice Auto Parts" and rows[1][5] == "Eligible"

    def test_it_refuses_the_interest_csv_to_another_financier(
        self, client, window, alice, other_financier
    ):
        interest_send(window=window, user=alice)
        client.force_login(other_financier)
        url = reverse("programs:window_interests", args=[window.pk])
        assert client.get(url, {"format": "csv"}).status_code in (403, 404)

    def test_it_lets_an_msme_send_interest_and_emails_the_financier(
        self, client, window, alice, financier, django_capture_on_commit_callbacks
    ):
        client.force_login(alice)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("programs:interest_send", args=[window.pk]),
                {"message": "We need ₹2 crore"},
            )
        interest = ExpressionOfInterest.objects.get()
        assert interest.organisation == alice.organisation
        assert [m.to for m in mail.outbox] == [[financier.email]]
        assert "Alice Auto Parts" in mail.outbox[0].subject

    def test_it_allows_one_interest_per_organisation(self, window, alice):
        from django.core.exceptions import ValidationError

        colleague = make_user("colleague@example.com", alice.organisation, role="member")
        interest_send(window=window, user=alice)
        with pytest.raises(ValidationError):
            interest_send(window=window, user=colleague)
        assert ExpressionOfInterest.objects.count() == 1

    def test_it_rejects_interest_from_a_financier(self, client, window, other_financier):
        client.force_login(other_financier)
        response = client.post(reverse("programs:interest_send", args=[window.pk]), {})
        assert response.status_code == 403

    def test_it_rejects_interest_in_a_closed_window(self, financier, alice):
        from django.core.exceptions import ValidationError

        past = timezone.now() - timedelta(days=1)
        window = window_create(
            user=financier,
            data=window_data(opens_at=past - timedelta(days=9), closes_at=past),
            publish=True,
        )
        with pytest.raises(ValidationError):
            interest_send(window=window, user=alice)

    def test_it_lets_the_msme_withdraw_and_send_again(self, client, window, alice):
        interest = interest_send(window=window, user=alice)
        client.force_login(alice)
        client.post(reverse("programs:interest_withdraw", args=[interest.pk]))
        interest.refresh_from_db()
        assert interest.status == InterestStatus.WITHDRAWN
        interest_send(window=window, user=alice, message="again")
        interest.refresh_from_db()
        assert interest.status == InterestStatus.SENT

    def test_it_rejects_withdrawal_by_another_organisation(self, client, window, alice, bob):
        interest = interest_send(window=window, user=alice)
        client.force_login(bob)
        assert (
            client.post(reverse("programs:interest_withdraw", args=[interest.pk])).status_code
            == 403
        )

    def test_it_shows_the_financier_each_msme_with_its_profile_link(
        self, client, window, alice, financier
    ):
        interest_send(window=window, user=alice, message="Solar rooftop for our plant")
        client.force_login(financier)
        page = client.get(reverse("programs:window_interests", args=[window.pk])).content.decode()
        assert "Solar rooftop for our plant" in page
        assert reverse("organisation_detail", kwargs={"slug": alice.organisation.slug}) in page

    def test_it_hides_interests_from_another_financier(
        self, client, window, alice, other_financier
    ):
        interest_send(window=window, user=alice)
        client.force_login(other_financier)
        assert client.get(reverse("programs:window_interests", args=[window.pk])).status_code == 403

    def test_it_emails_the_msme_when_marked_contacted(
        self, client, window, alice, financier, django_capture_on_commit_callbacks
    ):
        interest = interest_send(window=window, user=alice)
        mail.outbox.clear()
        client.force_login(financier)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("programs:interest_mark", args=[interest.pk]), {"status": "contacted"}
            )
        interest.refresh_from_db()
        assert interest.status == InterestStatus.CONTACTED
        assert [m.to for m in mail.outbox] == [[alice.email]]

    def test_it_sends_each_email_once_when_the_task_repeats(
        self, window, alice, financier, django_capture_on_commit_callbacks
    ):
        from programs.tasks import interest_email

        with django_capture_on_commit_callbacks(execute=True):
            interest = interest_send(window=window, user=alice)
        with django_capture_on_commit_callbacks(execute=True):
            interest_mark(interest=interest, user=financier, status="declined")
        assert len(mail.outbox) == 2
        mail.outbox.clear()
        assert interest_email(interest.pk) is False
        assert mail.outbox == []

    def test_it_rejects_marking_by_another_financier(self, client, window, alice, other_financier):
        interest = interest_send(window=window, user=alice)
        client.force_login(other_financier)
        response = client.post(
            reverse("programs:interest_mark", args=[interest.pk]), {"status": "declined"}
        )
        assert response.status_code == 403


class TestWindowAPI:
    url = "/api/v1/funding-windows/"

    def payload(self, **overrides):
        data = window_data(**overrides)
        for key in ("opens_at", "closes_at"):
            data[key] = data[key].isoformat()
        return {k: str(v) if v is not None else None for k, v in data.items()}

    def test_it_lets_the_owner_create_and_publish(self, api_client, financier):
        api_client.force_authenticate(financier)
        response = api_client.post(self.url, self.payload(), format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert api_client.post(f"{self.url}{pk}/publish/").json()["status"] == "published"

    def test_it_rejects_anonymous_writes(self, api_client, db):
        assert api_client.post(self.url, self.payload(), format="json").status_code in (401, 403)

    def test_it_rejects_another_organisation(self, api_client, window, other_financier):
        api_client.force_authenticate(other_financier)
        response = api_client.post(f"{self.url}{window.pk}/withdraw/", {"reason": "x"})
        assert response.status_code == 403

    def test_it_rejects_publishing_by_an_unverified_financier(
        self, api_client, unverified_financier
    ):
        api_client.force_authenticate(unverified_financier)
        pk = api_client.post(self.url, self.payload(), format="json").json()["id"]
        assert api_client.post(f"{self.url}{pk}/publish/").status_code == 403

    def test_it_returns_400_for_a_window_closing_before_it_opens(self, api_client, financier):
        api_client.force_authenticate(financier)
        now = timezone.now()
        response = api_client.post(
            self.url, self.payload(opens_at=now, closes_at=now - timedelta(days=1)), format="json"
        )
        assert response.status_code == 400
        assert "closes_at" in response.json()["error"]["fields"]

    def test_it_answers_eligibility_for_an_msme(self, api_client, financier, alice):
        window = window_create(user=financier, data=window_data(max_employees=10), publish=True)
        api_client.force_authenticate(alice)
        body = api_client.get(f"{self.url}{window.pk}/eligibility/").json()
        assert body["outcome"] == "not_eligible"
        assert body["criteria"][0]["status"] == "missed"

    def test_it_refuses_eligibility_to_anonymous_visitors(self, api_client, window):
        assert api_client.get(f"{self.url}{window.pk}/eligibility/").status_code in (401, 403)

    def test_it_takes_interest_and_shows_it_only_to_the_owner(
        self, api_client, window, alice, financier, other_financier
    ):
        api_client.force_authenticate(alice)
        response = api_client.post(f"{self.url}{window.pk}/interests/", {"message": "hi"})
        assert response.status_code == 201
        assert api_client.get(f"{self.url}{window.pk}/interests/").status_code == 403
        api_client.force_authenticate(other_financier)
        assert api_client.get(f"{self.url}{window.pk}/interests/").status_code == 403
        api_client.force_authenticate(financier)
        body = api_client.get(f"{self.url}{window.pk}/interests/").json()
        assert body["count"] == 1
        assert body["results"][0]["organisation"]["slug"] == alice.organisation.slug
        interest_id = body["results"][0]["id"]
        marked = api_client.post(f"/api/v1/interests/{interest_id}/mark/", {"status": "contacted"})
        assert marked.json()["status"] == "contacted"

    def test_it_lets_the_msme_withdraw_through_the_api(self, api_client, window, alice, bob):
        interest = interest_send(window=window, user=alice)
        api_client.force_authenticate(bob)
        assert api_client.post(f"/api/v1/interests/{interest.pk}/withdraw/").status_code == 403
        api_client.force_authenticate(alice)
        response = api_client.post(f"/api/v1/interests/{interest.pk}/withdraw/")
        assert response.json()["status"] == "withdrawn"


def test_it_does_not_date_an_unchanged_resave_as_an_amendment(client, financier):
    client.force_login(financier)
    client.post(reverse("programs:window_create"), form_post())
    window = FundingWindow.objects.get()
    client.post(reverse("programs:window_publish", args=[window.pk]))
    client.post(reverse("programs:window_edit", args=[window.pk]), form_post())
    window.refresh_from_db()
    assert window.status == Status.PUBLISHED
    assert window.amended_at is None


def test_it_rejects_an_unknown_time_zone_through_the_api(api_client, financier):
    api_client.force_authenticate(financier)
    payload = TestWindowAPI().payload(entry_timezone="Mars/Olympus")
    response = api_client.post("/api/v1/funding-windows/", payload, format="json")
    assert response.status_code == 400
    assert "entry_timezone" in response.json()["error"]["fields"]
    assert not FundingWindow.objects.exists()


def test_it_lists_a_withdrawn_window_marked_but_not_as_open(client, window, financier):
    from programs.services import window_withdraw

    window_withdraw(window=window, user=financier, reason="Fund exhausted")
    page = client.get(reverse("programs:window_list"))
    assert "Withdrawn" in page.content.decode()
    assert list(client.get(reverse("programs:window_list"), {"open_now": 1}).context["items"]) == []
    detail = client.get(reverse("programs:window_detail", args=[window.pk])).content.decode()
    assert "Fund exhausted" in detail
