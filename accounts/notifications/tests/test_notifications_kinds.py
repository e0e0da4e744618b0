"""Every kind of notification is created by the service where its event happens, and reads
in English, Japanese and Hindi at render time (stored as a code and parameters)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from accounts.notifications.kinds import KINDS, render
from accounts.notifications.models import Notification

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def _only(user, kind: str) -> Notification:
    rows = list(Notification.objects.filter(recipient=user, kind=kind))
    assert len(rows) == 1, f"expected one {kind} for {user}, found {len(rows)}"
    return rows[0]


def _assert_three_languages(notification: Notification, *expected_in_en: str) -> None:
    with translation.override("en"):
        en = notification.text
    ja = render(notification.kind, notification.params, "ja")
    hi = render(notification.kind, notification.params, "hi")
    for text in expected_in_en:
        assert text in en
    assert "%(" not in en + ja + hi
    assert JAPANESE.search(ja), ja
    assert DEVANAGARI.search(hi), hi
    assert len({en, ja, hi}) == 3


def test_every_kind_has_a_japanese_and_a_hindi_sentence_and_label():
    for code, kind in KINDS.items():
        for language, script in (("ja", JAPANESE), ("hi", DEVANAGARI)):
            with translation.override(language):
                assert script.search(str(kind.sentence)), (code, language)
                assert script.search(str(kind.label)), (code, language)


def test_introduction_requested_reaches_every_member_of_the_other_side(intro_from_alice, bob):
    notification = _only(bob, "introduction_requested")
    assert notification.url == "/partners/introductions/"
    _assert_three_languages(notification, "Alice Auto Parts")
    assert not Notification.objects.filter(
        recipient__organisation=intro_from_alice.from_organisation
    )


def test_the_organisation_name_is_shown_in_the_readers_language(intro_from_alice, alice, bob):
    from matchmaking.services import introduction_accept

    introduction_accept(introduction=intro_from_alice, by_user=bob)
    notification = _only(alice, "introduction_accepted")
    assert "ボブ精密" in render(notification.kind, notification.params, "ja")
    assert "Bob Seimitsu" in render(notification.kind, notification.params, "en")
    _assert_three_languages(notification, "Bob Seimitsu", "accepted")


def test_introduction_declined(intro_from_alice, alice, bob):
    from matchmaking.services import introduction_decline

    introduction_decline(introduction=intro_from_alice, by_user=bob, reason="Too early")
    _assert_three_languages(_only(alice, "introduction_declined"), "declined")


def test_introduction_about_to_expire_is_sent_once_however_often_the_task_runs(
    intro_from_alice, bob
):
    from matchmaking.services import introductions_remind_expiring
    from matchmaking.tasks import introductions_remind_expiring as task

    now = timezone.now()
    assert introductions_remind_expiring(now=now) == 0  # 14 days left: not yet
    intro_from_alice.expires_at = now + timedelta(days=1, hours=20)
    intro_from_alice.save(update_fields=["expires_at"])
    assert introductions_remind_expiring(now=now) == 1
    assert introductions_remind_expiring(now=now + timedelta(hours=1)) == 0
    assert task.apply().get() == 0  # a retried beat run creates nothing either
    notification = _only(bob, "introduction_expiring")
    assert notification.params["days"] == 2
    _assert_three_languages(notification, "Alice Auto Parts", "2 days")


def test_no_expiry_reminder_for_an_answered_request(intro_from_alice, bob):
    from matchmaking.services import introduction_accept, introductions_remind_expiring

    introduction_accept(introduction=intro_from_alice, by_user=bob)
    intro_from_alice.refresh_from_db()
    now = intro_from_alice.expires_at - timedelta(days=1)
    assert introductions_remind_expiring(now=now) == 0


@pytest.mark.parametrize("status", ["contacted", "declined"])
def test_expression_of_interest_marked(status, window, alice, financier):
    from programs.services import interest_mark, interest_send

    interest = interest_send(window=window, user=alice, message="We make solar frames.")
    interest_mark(interest=interest, user=financier, status=status)
    notification = _only(alice, f"interest_{status}")
    assert notification.url == f"/programs/funding/{window.pk}/"
    _assert_three_languages(notification, "Funding Bank", "Green loan for MSMEs")
    assert "MSME向けグリーンローン" in render(notification.kind, notification.params, "ja")


def test_moved_from_the_waiting_list(session, alice, carol):
    from programs.services import enrolment_cancel, enrolment_enrol

    first = enrolment_enrol(session=session, user=alice)
    enrolment_enrol(session=session, user=carol)
    assert not Notification.objects.filter(kind="waitlist_promoted").exists()
    enrolment_cancel(enrolment=first, user=alice)
    notification = _only(carol, "waitlist_promoted")
    assert "कार्यस्थल पर काइज़न" in render(notification.kind, notification.params, "hi")
    _assert_three_languages(notification, "AOTS Kaizen")


@pytest.mark.parametrize(
    ("service", "kind"),
    [("post_hide", "post_hidden"), ("post_moderator_edit", "post_edited")],
)
def test_moderation_action_on_your_post(service, kind, settings, post_by_alice, alice, admin_user):
    from forum.discussions.services import moderation

    kwargs = {"post": post_by_alice, "by_user": admin_user, "reason": "Off-topic price list"}
    if service == "post_moderator_edit":
        kwargs["body"] = "Edited text"
    getattr(moderation, service)(**kwargs)
    notification = _only(alice, kind)
    assert notification.url == post_by_alice.thread.get_absolute_url()
    _assert_three_languages(notification, "Gear blanks", "Off-topic price list")


def test_moderator_restores_and_approves(settings, post_by_alice, alice, admin_user):
    from forum.discussions.models import Board
    from forum.discussions.services import moderation, post_create

    moderation.post_hide(post=post_by_alice, by_user=admin_user, reason="Checking")
    moderation.post_restore(post=post_by_alice, by_user=admin_user, reason="Fine after all")
    _assert_three_languages(_only(alice, "post_restored"), "Gear blanks")

    settings.FORUM_NEW_USER_APPROVAL_POSTS = 5
    waiting = post_create(thread=post_by_alice.thread, author=alice, body="Second post")
    assert waiting.is_pending
    moderation.post_approve(post=waiting, by_user=admin_user, reason="Welcome")
    _assert_three_languages(_only(alice, "post_approved"), "Gear blanks")
    assert Board.objects.count() == 1


def test_verification_decided(pending_regulator, admin_user):
    from accounts.services import organisation_verify

    organisation_verify(organisation=pending_regulator.organisation, by_user=admin_user)
    notification = _only(pending_regulator, "verification_verified")
    assert "राज्य उद्योग डेस्क" in render(notification.kind, notification.params, "hi")
    _assert_three_languages(notification, "State Industries Desk")


def test_verification_rejected_carries_the_reason(pending_regulator, admin_user):
    from accounts.services import organisation_reject

    organisation_reject(
        organisation=pending_regulator.organisation, by_user=admin_user, reason="No licence"
    )
    _assert_three_languages(_only(pending_regulator, "verification_rejected"), "No licence")


def test_it_refuses_an_unknown_kind(alice):
    from accounts.notifications.services import notification_create

    with pytest.raises(ValueError):
        notification_create(recipient=alice, kind="no_such_kind", params={})


def test_a_retired_kind_still_renders(alice):
    row = Notification.objects.create(recipient=alice, kind="retired_kind", params={})
    assert row.text
