"""Query counts of the programs API lists that only some people may read. Who may write is
the matrix's (test_matrix.py)."""

from __future__ import annotations

import pytest

from programs.services import enrolment_enrol, interest_send


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
