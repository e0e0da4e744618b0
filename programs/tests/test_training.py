"""Training programmes: who may offer them, enrolment, the waiting list, completion badges."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from programs.models import Enrolment, EnrolmentStatus, TrainingProgramme
from programs.selectors import completed_topics_by_organisation
from programs.services import (
    enrolment_cancel,
    enrolment_complete,
    enrolment_enrol,
    programme_create,
    session_add,
)
from programs.tests.factories import programme_data
from programs.tests.factories import programme_form as form_post
from tests.factories import make_org, make_user


def msme_people(count: int, prefix: str = "p") -> list:
    people = []
    for index in range(count):
        org = make_org(name_en=f"MSME {prefix}{index}")
        people.append(make_user(f"{prefix}{index}@example.com", org))
    return people


def test_it_lets_a_financier_offer_a_programme(client, financier):
    client.force_login(financier)
    assert client.post(reverse("programs:programme_create"), form_post()).status_code == 302
    assert TrainingProgramme.objects.get().organisation == financier.organisation


def test_it_lets_an_admin_offer_a_programme_in_the_forums_name(admin_user):
    programme = programme_create(user=admin_user, data=programme_data(), publish=True)
    assert programme.organisation is None
    assert programme.status == "published"


def test_it_rejects_programmes_from_an_msme(client, alice):
    client.force_login(alice)
    assert client.post(reverse("programs:programme_create"), form_post()).status_code == 403


def test_it_rejects_anonymous_programme_creation(client, db):
    response = client.post(reverse("programs:programme_create"), form_post())
    assert response.status_code == 302
    assert not TrainingProgramme.objects.exists()


def test_it_rejects_publishing_by_an_unverified_regulator(client, unverified_regulator):
    programme = programme_create(user=unverified_regulator, data=programme_data())
    client.force_login(unverified_regulator)
    url = reverse("programs:programme_publish", args=[programme.pk])
    assert client.post(url).status_code == 403


def test_it_rejects_sessions_added_by_another_organisation(client, programme, other_regulator):
    client.force_login(other_regulator)
    response = client.post(
        reverse("programs:session_add", args=[programme.pk]),
        {
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T16:00",
            "zone": "Asia/Kolkata",
            "capacity": 5,
        },
    )
    assert response.status_code == 403
    assert programme.sessions.count() == 1


def test_it_adds_a_session_in_the_chosen_zone(client, programme, regulator):
    client.force_login(regulator)
    client.post(
        reverse("programs:session_add", args=[programme.pk]),
        {
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T16:00",
            "zone": "Asia/Tokyo",
            "capacity": 5,
        },
    )
    session = programme.sessions.order_by("-id").first()
    assert session.starts_at.isoformat() == "2026-12-10T01:00:00+00:00"


def test_it_puts_people_on_the_waiting_list_when_full(programme):
    session = programme.sessions.get()
    people = msme_people(3)
    statuses = [enrolment_enrol(session=session, user=p).status for p in people]
    assert statuses == ["enrolled", "enrolled", "waitlisted"]


def test_it_refuses_a_second_enrolment_of_the_same_person(programme, alice):
    session = programme.sessions.get()
    enrolment_enrol(session=session, user=alice)
    with pytest.raises(ValidationError):
        enrolment_enrol(session=session, user=alice)


def test_it_rejects_enrolment_by_a_regulator(client, programme, other_regulator):
    client.force_login(other_regulator)
    session = programme.sessions.get()
    assert client.post(reverse("programs:enrol", args=[session.pk])).status_code == 403


def test_it_rejects_anonymous_enrolment(client, programme):
    session = programme.sessions.get()
    response = client.post(reverse("programs:enrol", args=[session.pk]))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()


def test_it_promotes_the_first_waiting_and_emails_them(
    programme, django_capture_on_commit_callbacks
):
    session = programme.sessions.get()
    first, second, third, fourth = msme_people(4)
    enrolments = [enrolment_enrol(session=session, user=p) for p in (first, second, third, fourth)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(enrolment=enrolments[0], user=first)
    statuses = dict(Enrolment.objects.values_list("user__email", "status"))
    assert statuses == {
        first.email: "cancelled",
        second.email: "enrolled",
        third.email: "enrolled",
        fourth.email: "waitlisted",
    }
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert "A place is yours" in mail.outbox[0].subject


def test_it_promotes_nobody_when_a_waiting_person_cancels(programme):
    session = programme.sessions.get()
    people = msme_people(3)
    enrolments = [enrolment_enrol(session=session, user=p) for p in people]
    enrolment_cancel(enrolment=enrolments[2], user=people[2])
    assert Enrolment.objects.filter(status="enrolled").count() == 2


def test_it_rejects_cancellation_by_someone_else(client, programme, alice, bob):
    enrolment = enrolment_enrol(session=programme.sessions.get(), user=alice)
    client.force_login(bob)
    assert client.post(reverse("programs:enrolment_cancel", args=[enrolment.pk])).status_code == 403


def test_it_lets_the_provider_mark_completion_and_shows_a_badge(
    client, programme, regulator, alice
):
    enrolment = enrolment_enrol(session=programme.sessions.get(), user=alice)
    client.force_login(regulator)
    client.post(reverse("programs:enrolment_complete", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert completed_topics_by_organisation() == {alice.organisation_id: ["kaizen"]}
    assert completed_topics_by_organisation([999999]) == {}
    from django.template.loader import render_to_string

    html = render_to_string(
        "programs/includes/org_badges.html", {"organisation": alice.organisation}
    )
    assert "Completed training" in html and "Kaizen" in html


def test_it_rejects_completion_marked_by_another_organisation(
    client, programme, alice, other_regulator
):
    enrolment = enrolment_enrol(session=programme.sessions.get(), user=alice)
    client.force_login(other_regulator)
    response = client.post(reverse("programs:enrolment_complete", args=[enrolment.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        enrolment_complete(enrolment=enrolment, user=alice)


def test_it_lists_each_topic_once_per_organisation(programme, regulator, alice):
    colleague = make_user("colleague@example.com", alice.organisation, role="member")
    for person in (alice, colleague):
        enrolment_complete(
            enrolment=enrolment_enrol(session=programme.sessions.get(), user=person),
            user=regulator,
        )
    assert completed_topics_by_organisation([alice.organisation_id]) == {
        alice.organisation_id: ["kaizen"]
    }


@pytest.mark.django_db(transaction=True)
def test_it_never_overbooks_under_concurrent_enrolment(regulator):
    """Twelve people enrol at the same moment, each on its own database connection."""
    programme = programme_create(user=regulator, data=programme_data(), publish=True)
    start = timezone.now() + timedelta(days=3)
    session = session_add(
        programme=programme,
        user=regulator,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=3,
    )
    people = msme_people(12, prefix="race")
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def enrol(person) -> None:
        try:
            barrier.wait(timeout=10)
            enrolment_enrol(session=session, user=person)
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    counts = {
        status: Enrolment.objects.filter(session=session, status=status).count()
        for status in ("enrolled", "waitlisted")
    }
    assert counts == {"enrolled": 3, "waitlisted": 9}


class TestProgrammeAPI:
    url = "/api/v1/programs/"

    def test_it_lets_the_owner_create_publish_and_add_a_session(self, api_client, regulator):
        api_client.force_authenticate(regulator)
        response = api_client.post(self.url, programme_data(), format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert api_client.post(f"{self.url}{pk}/publish/").status_code == 200
        start = timezone.now() + timedelta(days=5)
        response = api_client.post(
            f"{self.url}{pk}/sessions/",
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "capacity": 1,
            },
            format="json",
        )
        assert response.status_code == 201

    def test_it_rejects_anonymous_writes(self, api_client, db):
        assert api_client.post(self.url, programme_data(), format="json").status_code in (401, 403)

    def test_it_rejects_another_organisation(self, api_client, programme, other_regulator):
        api_client.force_authenticate(other_regulator)
        response = api_client.patch(f"{self.url}{programme.pk}/", {"title_en": "x"}, format="json")
        assert response.status_code == 403

    def test_it_rejects_publishing_by_an_unverified_financier(
        self, api_client, unverified_financier
    ):
        api_client.force_authenticate(unverified_financier)
        pk = api_client.post(self.url, programme_data(), format="json").json()["id"]
        assert api_client.post(f"{self.url}{pk}/publish/").status_code == 403

    def test_it_enrols_cancels_and_completes(self, api_client, programme, regulator, alice, bob):
        session = programme.sessions.get()
        api_client.force_authenticate(alice)
        enrolled = api_client.post(f"/api/v1/program-sessions/{session.pk}/enrol/")
        assert enrolled.status_code == 201 and enrolled.json()["status"] == "enrolled"
        assert api_client.get("/api/v1/enrolments/").json()["count"] == 1
        pk = enrolled.json()["id"]
        api_client.force_authenticate(bob)
        assert api_client.post(f"/api/v1/enrolments/{pk}/cancel/").status_code == 403
        assert api_client.post(f"/api/v1/enrolments/{pk}/complete/").status_code == 403
        api_client.force_authenticate(regulator)
        participants = api_client.get(f"{self.url}{programme.pk}/enrolments/").json()
        assert participants["count"] == 1
        assert api_client.post(f"/api/v1/enrolments/{pk}/complete/").json()["status"] == "completed"

    def test_it_rejects_anonymous_enrolment(self, api_client, programme):
        session = programme.sessions.get()
        response = api_client.post(f"/api/v1/program-sessions/{session.pk}/enrol/")
        assert response.status_code in (401, 403)


def test_it_keeps_a_withdrawn_programme_readable_and_closes_enrolment(
    client, programme, regulator, alice
):
    client.force_login(regulator)
    client.post(
        reverse("programs:programme_withdraw", args=[programme.pk]),
        {"reason": "Trainer unavailable"},
    )
    programme.refresh_from_db()
    assert programme.status == "withdrawn"
    client.force_login(alice)
    page = client.get(reverse("programs:programme_detail", args=[programme.pk])).content.decode()
    assert "Trainer unavailable" in page
    with pytest.raises(ValidationError):
        enrolment_enrol(session=programme.sessions.get(), user=alice)
