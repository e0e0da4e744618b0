"""Who may read and write in a conversation. Each check raises PermissionDenied with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrgRole
from accounts.permissions import check_signed_in
from matchmaking.partnerships.models import Conversation, Message


def check_conversation_member(user, conversation: Conversation) -> Organisation:
    """Members of the two organisations, and nobody else (not even staff), read it."""
    check_signed_in(user)
    if user.organisation_id not in conversation.org_ids():
        raise PermissionDenied(_("Only the two organisations of this conversation can see it."))
    return user.organisation


def check_can_write(user, conversation: Conversation) -> Organisation:
    """Writing needs membership, an open conversation and a person who is not silenced."""
    organisation = check_conversation_member(user, conversation)
    if user.is_silenced:
        raise PermissionDenied(_("You are silenced and cannot write for now."))
    if not conversation.is_open:
        raise PermissionDenied(_("This conversation is closed."))
    return organisation


def check_can_report(user, message: Message) -> None:
    """Members of either side may report someone else's message, even when silenced or once
    the conversation is closed: reporting protects the person."""
    check_conversation_member(user, message.conversation)
    if message.author_id == user.pk:
        raise ValidationError(_("You cannot report your own message."))


def check_can_edit_hours(user, organisation: Organisation) -> None:
    check_signed_in(user)
    if user.organisation_id != organisation.pk or user.org_role != OrgRole.OWNER:
        raise PermissionDenied(_("Only an owner of the organisation can change its working hours."))
