"""Partnership events as notifications: the other side's members hear of what one side did.

Called by the conversation, meeting, deal-room and outcome services inside their
transaction, so a notification exists exactly when the event committed. Email goes through
the notification centre's batching (the first at once, later ones merged into one message),
in each person's chosen channel; nothing here sends mail itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from accounts.models import Organisation
from accounts.notifications.kinds import names
from accounts.notifications.services import notifications_create_for_organisation
from matchmaking.partnerships.models import Conversation

NOTE_CHARS = 300


def in_every_language(label: Any) -> dict[str, str]:
    """A translatable label (an outcome kind) stored as `{"en": …, "ja": …, "hi": …}`."""
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = str(label)
    return result


def short_note(note: str) -> str:
    note = (note or "").strip()
    return note if len(note) <= NOTE_CHARS else note[: NOTE_CHARS - 1] + "…"


def notify_other_side(
    *,
    conversation: Conversation,
    actor: Organisation,
    kind: str,
    url: str,
    params: dict[str, Any] | None = None,
    coalesce: bool = False,
) -> int:
    """One notification per active member of the organisation on the other side of
    `conversation` from `actor`; the actor's own organisation gets none. With `coalesce`, a
    member who still has one of this kind and URL waiting gets no second one."""
    return notifications_create_for_organisation(
        organisation_id=conversation.other_org_id(actor.pk),
        kind=kind,
        params={"org": names(actor, "name"), **(params or {})},
        url=url,
        coalesce=coalesce,
    )
