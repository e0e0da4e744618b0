"""Conversations: opened by acceptance, messages through nh3, attachments checked by content,
read state and unread counts, reports into the moderators' queue, block, withdraw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matchmaking.models import Introduction, NotInterested
from matchmaking.partnerships import selectors
from matchmaking.partnerships.models import Conversation, Message
from matchmaking.partnerships.services import conversations as service
from matchmaking.partnerships.tests.helpers import PDF, PNG, pdf
from taxonomy.models import PartnershipType

pytestmark = pytest.mark.django_db


def test_accepting_an_introduction_opens_its_conversation(alice, bob):
    from matchmaking import services

    intro = Introduction.objects.create(
        from_organisation=bob.organisation,
        to_organisation=alice.organisation,
        partnership_type=PartnershipType.objects.get(slug="joint-venture"),
        message="Hello",
    )
    services.introduction_accept(introduction=intro, by_user=alice)
    conversation = Conversation.objects.get(introduction=intro)
    assert set(conversation.org_ids()) == {alice.organisation_id, bob.organisation_id}


def test_opening_twice_returns_the_same_conversation(conversation, introduction):
    assert service.conversation_open(introduction=introduction) == conversation


def test_already_accepted_introductions_get_a_conversation(introduction):
    assert not Conversation.objects.filter(introduction=introduction).exists()
    assert service.conversations_open_missing() == 1
    assert Conversation.objects.filter(introduction=introduction).count() == 1


def test_it_renders_markdown_and_strips_html(conversation, alice):
    message = service.message_post(
        conversation=conversation,
        by_user=alice,
        body="**Hello** <script>alert(1)</script> [site](javascript:alert(1))",
    )
    assert "<strong>Hello</strong>" in message.body_html
    assert "<script" not in message.body_html
    assert 'href="javascript' not in message.body_html


def test_it_refuses_an_empty_message(conversation, alice):
    with pytest.raises(ValidationError):
        service.message_post(conversation=conversation, by_user=alice, body="  ")


def test_it_keeps_pdf_and_png_attachments(conversation, alice):
    message = service.message_post(
        conversation=conversation,
        by_user=alice,
        body="Drawings",
        files=[pdf(), SimpleUploadedFile("a.png", PNG)],
    )
    types = sorted(a.content_type for a in message.attachments.all())
    assert types == ["application/pdf", "image/png"]


def test_it_refuses_a_file_whose_content_is_not_pdf_png_or_jpeg(conversation, alice):
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 this is an exe", "application/pdf")
    with pytest.raises(ValidationError) as info:
        service.message_post(conversation=conversation, by_user=alice, body="x", files=[fake])
    assert "files" in info.value.message_dict
    assert not Message.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(conversation, alice, settings):
    settings.PARTNERSHIPS_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(ValidationError):
        service.message_post(conversation=conversation, by_user=alice, body="x", files=[pdf()])


def test_attachments_download_only_for_the_two_organisations(
    conversation, alice, bob, carol, client
):
    message = service.message_post(
        conversation=conversation, by_user=alice, body="x", files=[pdf()]
    )
    url = reverse("partnerships:attachment", args=[message.attachments.get().token])
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(carol)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_unread_counts_messages_of_others_until_read(conversation, alice, bob, alice_colleague):
    service.message_post(conversation=conversation, by_user=alice, body="one")
    service.message_post(conversation=conversation, by_user=alice, body="two")
    assert selectors.unread_count(bob) == 2
    assert selectors.unread_count(alice_colleague) == 2
    assert selectors.unread_count(alice) == 0
    service.conversation_mark_read(conversation=conversation, by_user=bob)
    assert selectors.unread_count(bob) == 0
    assert selectors.unread_count(alice_colleague) == 2


def test_the_navigation_badge_reads_the_unread_count(conversation, alice, bob, client):
    service.message_post(conversation=conversation, by_user=alice, body="hello")
    client.force_login(bob)
    assert client.get(reverse("partnerships:unread")).json()["unread"] == 1
    client.get(reverse("partnerships:conversation", args=[conversation.pk]))
    assert client.get(reverse("partnerships:unread")).json()["unread"] == 0


def test_it_refuses_reporting_ones_own_message(conversation, alice):
    message = service.message_post(conversation=conversation, by_user=alice, body="mine")
    with pytest.raises(ValidationError):
        service.message_report(message=message, by_user=alice, reason="spam")


def test_a_third_organisation_cannot_report(conversation, alice, carol):
    message = service.message_post(conversation=conversation, by_user=alice, body="x")
    with pytest.raises(PermissionDenied):
        service.message_report(message=message, by_user=carol, reason="spam")


def test_blocking_closes_for_both_and_excludes_the_pair(conversation, alice, bob):
    service.conversation_block(conversation=conversation, by_user=bob)
    conversation.refresh_from_db()
    assert not conversation.is_open
    assert NotInterested.objects.filter(
        organisation=bob.organisation, other=alice.organisation
    ).exists()
    for person in (alice, bob):
        with pytest.raises(PermissionDenied):
            service.message_post(conversation=conversation, by_user=person, body="still there?")


def test_the_sender_can_withdraw_a_pending_request(alice, bob, client):
    intro = Introduction.objects.create(
        from_organisation=bob.organisation,
        to_organisation=alice.organisation,
        partnership_type=PartnershipType.objects.get(slug="joint-venture"),
        message="Hello",
    )
    client.force_login(alice)
    client.post(reverse("matchmaking:introduction_withdraw", args=[intro.pk]))
    intro.refresh_from_db()
    assert intro.status == "pending"  # the recipient cannot withdraw it
    client.force_login(bob)
    client.post(reverse("matchmaking:introduction_withdraw", args=[intro.pk]))
    intro.refresh_from_db()
    assert intro.status == "withdrawn"


def test_conversation_page_lists_messages_in_pinned_queries(
    conversation, alice, bob, client, django_assert_num_queries
):
    for n in range(5):
        service.message_post(
            conversation=conversation, by_user=alice, body=f"message {n}", files=[pdf()]
        )
    client.force_login(bob)
    client.get(reverse("partnerships:conversation", args=[conversation.pk]))  # warm the session
    # incl. the bell's unread count and marking the new-message notifications read
    with django_assert_num_queries(14):
        response = client.get(reverse("partnerships:conversation", args=[conversation.pk]))
    assert response.content.decode().count('class="card mb-2 message') == 5


def test_conversation_list_in_pinned_queries(alice, bob, carol, client, django_assert_num_queries):
    from matchmaking.tests.factories import accepted_introduction

    for other in (bob.organisation, carol.organisation):
        conversation = service.conversation_open(
            introduction=accepted_introduction(alice.organisation, other)
        )
        service.message_post(conversation=conversation, by_user=alice, body="hi")
    client.force_login(alice)
    with django_assert_num_queries(6):  # incl. the notification bell's unread count
        response = client.get(reverse("partnerships:conversations"))
    assert response.content.decode().count("conversation-row") == 2
