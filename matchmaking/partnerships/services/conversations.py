"""Conversations: opened by an accepted introduction; messages, read state, reports (flags
in the forum's moderation queue), block."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications.services import notifications_mark_read_for
from accounts.services import audit_record
from forum.discussions.models import Flag
from forum.discussions.services.common import notice_create
from forum.discussions.services.flagged import flag_target_create
from forum.markdown import render_markdown
from matchmaking.models import Introduction, IntroductionStatus
from matchmaking.partnerships.files import check_upload
from matchmaking.partnerships.models import (
    Attachment,
    Conversation,
    ConversationStatus,
    Message,
    ReadState,
)
from matchmaking.partnerships.permissions import check_can_write, check_conversation_member
from matchmaking.partnerships.services.notify import notify_other_side

MAX_ATTACHMENTS = 5
MAX_BODY = 10000


def conversation_open(*, introduction: Introduction) -> Conversation:
    """The conversation of an accepted introduction; opening it twice returns the same one."""
    if introduction.status != IntroductionStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted introduction opens a conversation."))
    conversation, _created = Conversation.objects.get_or_create(
        introduction=introduction,
        defaults={
            "organisation_a_id": introduction.from_organisation_id,
            "organisation_b_id": introduction.to_organisation_id,
            "created_at": introduction.responded_at or timezone.now(),
        },
    )
    return conversation


def conversations_open_missing() -> int:
    """Open the conversations of introductions accepted before conversations existed."""
    missing = Introduction.objects.filter(
        status=IntroductionStatus.ACCEPTED, conversation__isnull=True
    )
    opened = 0
    for introduction in missing:
        conversation_open(introduction=introduction)
        opened += 1
    return opened


MESSAGE_KIND = "message_posted"


def _conversation_url(conversation_id: int) -> str:
    return reverse("partnerships:conversation", kwargs={"pk": conversation_id})


@transaction.atomic
def message_post(
    *,
    conversation: Conversation,
    by_user: Any,
    body: str,
    files: Sequence[UploadedFile] = (),
) -> Message:
    """Post a markdown message (rendered through the forum's nh3 pipeline) with attachments.

    The other side's members get a `message_posted` notification (email at once by default,
    batched by the notification centre). It names the sender, not the text: a confidential
    conversation is not copied into mailboxes, and a message hidden later leaves nothing
    behind. While one is still waiting for a person, later messages add none."""
    organisation = check_can_write(by_user, conversation)
    body = (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not body and not files:
        errors["body"] = [_("Write a message or attach a file.")]
    if len(body) > MAX_BODY:
        errors["body"] = [_("A message has at most %(n)d characters.") % {"n": MAX_BODY}]
    if len(files) > MAX_ATTACHMENTS:
        errors["files"] = [_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}]
    checked = []
    for upload in files if "files" not in errors else ():
        try:
            checked.append(
                (upload, check_upload(upload, max_bytes=settings.PARTNERSHIPS_ATTACHMENT_MAX_BYTES))
            )
        except ValidationError as exc:
            errors.setdefault("files", []).extend(
                f"{upload.name}: {message}" for message in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        author=by_user,
        organisation=organisation,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    for upload, info in checked:
        upload.name = f"file.{info.extension}"
        Attachment.objects.create(
            message=message,
            file=upload,
            name=info.name,
            content_type=info.content_type,
            size=info.size,
        )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    _read_until(conversation, by_user, now)
    notify_other_side(
        conversation=conversation,
        actor=organisation,
        kind=MESSAGE_KIND,
        url=_conversation_url(conversation.pk),
        coalesce=True,
    )
    return message


def _read_until(conversation: Conversation, user: Any, at) -> None:
    state, created = ReadState.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_at": at}
    )
    if not created and state.last_read_at < at:
        ReadState.objects.filter(pk=state.pk, last_read_at__lt=at).update(last_read_at=at)


def conversation_mark_read(*, conversation: Conversation, by_user: Any) -> None:
    """Everything posted so far counts as read by this person (never moves backwards), and
    so do their new-message notifications of it: a waiting email about it is not sent."""
    check_conversation_member(by_user, conversation)
    _read_until(conversation, by_user, timezone.now())
    notifications_mark_read_for(
        user=by_user, kind=MESSAGE_KIND, url=_conversation_url(conversation.pk)
    )


def message_report(*, message: Message, by_user: Any, reason: str, note: str = "") -> Flag:
    """Flag a message for the forum's moderation queue, with the forum's reasons. Members of
    either side may report, once per message (`permissions.check_can_report`)."""
    return flag_target_create(target=message, flagger=by_user, reason=reason, note=note)


def message_hide(*, target: Message, by_user: Any, reason: str) -> None:
    """The moderators' "hide" decision on a reported message (registered in apps.py; the
    forum's `flagged_decide` checks the moderator, closes the flags and audits it)."""
    message = Message.objects.select_for_update().get(pk=target.pk)
    message.is_hidden = True
    message.hidden_reason = reason
    message.save(update_fields=["is_hidden", "hidden_reason"])
    # The author learns why, on their notices page and by mail, like a forum post's author.
    notice_create(
        recipient=message.author,
        action="post.hide",
        subject=f"Partner conversation #{message.conversation_id}",
        url=_conversation_url(message.conversation_id),
        reason=reason,
    )


@transaction.atomic
def conversation_block(*, conversation: Conversation, by_user: Any) -> Conversation:
    """Close the conversation for both sides and keep the pair out of future matches."""
    # Function-local to break a real cycle: matchmaking.services (its package __init__)
    # imports this module, so that accepting an introduction opens the conversation.
    from matchmaking.services import not_interested_mark

    organisation = check_conversation_member(by_user, conversation)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not conversation.is_open:
        raise PermissionDenied(_("This conversation is closed."))
    conversation.status = ConversationStatus.CLOSED
    conversation.closed_by = organisation
    conversation.closed_at = timezone.now()
    conversation.save(update_fields=["status", "closed_by", "closed_at"])
    other = conversation.other_organisation(organisation.pk)
    not_interested_mark(by_user=by_user, other=other)
    audit_record(actor=by_user, action="partnerships.block", target=other)
    return conversation
