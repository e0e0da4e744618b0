"""Conversations: opened by an accepted introduction; messages, read state, reports, block."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from forum.discussions.models import FlagReason, FlagStatus
from forum.discussions.services.common import notice_create
from forum.markdown import render_markdown
from forum.outbox import send_after_commit
from matchmaking.models import Introduction, IntroductionStatus
from matchmaking.partnerships.files import check_upload
from matchmaking.partnerships.models import (
    Attachment,
    Conversation,
    ConversationStatus,
    Message,
    MessageReport,
    ReadState,
)
from matchmaking.partnerships.permissions import check_can_write, check_conversation_member

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


def _queue_mail(conversation_id: int) -> None:
    # tasks import the services; the services queue the task (a real cycle, hence local)
    from matchmaking.partnerships.tasks import message_mail_notify

    send_after_commit(message_mail_notify, conversation_id)  # forum.outbox: never lost


@transaction.atomic
def message_post(
    *,
    conversation: Conversation,
    by_user: Any,
    body: str,
    files: Sequence[UploadedFile] = (),
) -> Message:
    """Post a markdown message (rendered through the forum's nh3 pipeline) with attachments."""
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
    _queue_mail(conversation.pk)
    return message


def _read_until(conversation: Conversation, user: Any, at) -> None:
    state, created = ReadState.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_at": at}
    )
    if not created and state.last_read_at < at:
        ReadState.objects.filter(pk=state.pk, last_read_at__lt=at).update(last_read_at=at)


def conversation_mark_read(*, conversation: Conversation, by_user: Any) -> None:
    """Everything posted so far counts as read by this person (never moves backwards)."""
    check_conversation_member(by_user, conversation)
    _read_until(conversation, by_user, timezone.now())


def message_report(*, message: Message, by_user: Any, reason: str, note: str = "") -> MessageReport:
    """Put a message in the moderators' queue. Members of either side may report, once."""
    check_conversation_member(by_user, message.conversation)
    if message.author_id == by_user.pk:
        raise ValidationError(_("You cannot report your own message."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    try:
        with transaction.atomic():
            return MessageReport.objects.create(
                message=message, reporter=by_user, reason=reason, note=(note or "").strip()[:1000]
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already reported this message.")) from exc


@transaction.atomic
def report_resolve(
    *, report: MessageReport, by_user: Any, agree: bool, reason: str
) -> MessageReport:
    """A moderator agrees (the message is hidden) or disagrees; all open reports of it close."""
    check_can_moderate(by_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the author will read it.")]})
    message = Message.objects.select_for_update().get(pk=report.message_id)
    if agree:
        message.is_hidden = True
        message.hidden_reason = reason
        message.save(update_fields=["is_hidden", "hidden_reason"])
        # The author learns why, on their notices page and by mail, like a forum post's author.
        notice_create(
            recipient=message.author,
            action="post.hide",
            subject=f"Partner conversation #{message.conversation_id}",
            url=reverse("partnerships:conversation", kwargs={"pk": message.conversation_id}),
            reason=reason,
        )
    MessageReport.objects.filter(message=message, status=FlagStatus.OPEN).update(
        status=FlagStatus.AGREED if agree else FlagStatus.DISAGREED,
        resolved_at=timezone.now(),
        resolved_by=by_user,
    )
    audit_record(
        actor=by_user,
        action="partnerships.message_hide" if agree else "partnerships.report_dismiss",
        target=message,
        reason=reason,
    )
    report.refresh_from_db()
    return report


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
