"""The registry of notification kinds: a code, a label for the preferences page, and the
sentence it renders to, translated at render time in the reader's language.

A notification row stores only the kind code and its parameters, so a person who switches
language reads their whole history in the new one. A parameter may be a plain value or a
`{"en": …, "ja": …, "hi": …}` dict (an organisation's or an item's names); `localise` picks
the reader's language, then English, then any filled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal only")
    EMAIL = "email", _("Email at once")
    DIGEST = "digest", _("In my digest")


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    sentence: Promise
    default_channel: str = Channel.IN_APP


_KINDS = [
    Kind(
        "introduction_requested",
        _("Introduction requested from your organisation"),
        _("%(org)s asked your organisation for an introduction."),
    ),
    Kind(
        "introduction_accepted",
        _("Your introduction request accepted"),
        _("%(org)s accepted your introduction request; their contact details are now visible."),
    ),
    Kind(
        "introduction_declined",
        _("Your introduction request declined"),
        _("%(org)s declined your introduction request."),
    ),
    Kind(
        "introduction_expiring",
        _("Introduction request about to expire"),
        _("The introduction request from %(org)s expires in %(days)s days; answer it before then."),
    ),
    Kind(
        "interest_contacted",
        _("Expression of interest marked contacted"),
        _("%(org)s marked your interest in “%(window)s” as contacted."),
    ),
    Kind(
        "interest_declined",
        _("Expression of interest declined"),
        _("%(org)s declined your interest in “%(window)s”."),
    ),
    Kind(
        "waitlist_promoted",
        _("Moved from the waiting list"),
        _("A place opened on “%(programme)s”: you are now enrolled."),
    ),
    Kind(
        "post_hidden",
        _("A moderator hid your post"),
        _("A moderator hid your post in “%(thread)s”. Reason: %(reason)s"),
    ),
    Kind(
        "post_restored",
        _("A moderator restored your post"),
        _("A moderator restored your post in “%(thread)s”."),
    ),
    Kind(
        "post_approved",
        _("A moderator approved your post"),
        _("A moderator approved your post in “%(thread)s”; everyone can read it now."),
    ),
    Kind(
        "post_edited",
        _("A moderator edited your post"),
        _("A moderator edited your post in “%(thread)s”. Reason: %(reason)s"),
    ),
    Kind(
        "verification_verified",
        _("Organisation verified"),
        _("%(org)s is verified: it can now publish on the portal."),
    ),
    Kind(
        "verification_rejected",
        _("Organisation verification rejected"),
        _("The verification of %(org)s was rejected. Reason: %(reason)s"),
    ),
    # Someone must answer these, and nothing else mails them: they default to email (batched).
    Kind(
        "message_posted",
        _("New message in a partner conversation"),
        _("%(org)s wrote to you in your partner conversation."),
        default_channel=Channel.EMAIL,
    ),
    Kind(
        "meeting_proposed",
        _("Meeting proposed"),
        _("%(org)s proposed a meeting: “%(meeting)s”. Choose one of the times or suggest others."),
        default_channel=Channel.EMAIL,
    ),
    Kind(
        "meeting_countered",
        _("Other times proposed for a meeting"),
        _("%(org)s proposed other times for the meeting “%(meeting)s”."),
        default_channel=Channel.EMAIL,
    ),
    Kind(
        "meeting_reschedule_proposed",
        _("New time proposed for an agreed meeting"),
        _(
            "%(org)s asks to move the meeting “%(meeting)s”: choose one of the new times or "
            "suggest others; the agreed time stands until then. Reason: %(note)s"
        ),
        default_channel=Channel.EMAIL,
    ),
    Kind(
        "meeting_time_kept",
        _("A meeting keeps its agreed time"),
        _("%(org)s kept the agreed time of the meeting “%(meeting)s”: it does not move."),
        default_channel=Channel.EMAIL,
    ),
    # The calendar invitation mails these already: in the portal only by default.
    Kind(
        "meeting_accepted",
        _("Meeting accepted"),
        _("%(org)s accepted the meeting “%(meeting)s”; the invitation is on its way by email."),
    ),
    Kind(
        "meeting_rescheduled",
        _("Meeting rescheduled"),
        _(
            "%(org)s accepted the new time of the meeting “%(meeting)s”; the updated "
            "invitation is on its way by email."
        ),
    ),
    Kind(
        "meeting_cancelled",
        _("Meeting cancelled"),
        _("%(org)s cancelled the meeting “%(meeting)s”. Reason: %(note)s"),
    ),
    Kind(
        "document_shared",
        _("Document shared in the deal room"),
        _("%(org)s shared “%(document)s” in the deal room."),
        default_channel=Channel.EMAIL,
    ),
    Kind(
        "nda_accepted",
        _("Terms of your document accepted"),
        _(
            "%(org)s accepted the non-disclosure terms of your document “%(document)s” and can "
            "now open it."
        ),
    ),
    Kind(
        "outcome_recorded",
        _("Outcome recorded by your partner"),
        _("%(org)s recorded the outcome of your conversation: %(outcome)s."),
    ),
    Kind(
        "savedsearch_hits",
        _("New results for a saved search"),
        _("New results for your saved search “%(search)s”: %(count)s."),
    ),
]

KINDS: dict[str, Kind] = {kind.code: kind for kind in _KINDS}
KIND_CHOICES = [(kind.code, kind.label) for kind in _KINDS]


def get_kind(code: str) -> Kind:
    """The kind of `code`; an unknown code is a programming error and fails loudly."""
    try:
        return KINDS[code]
    except KeyError as exc:
        raise ValueError(f"unknown notification kind {code!r}") from exc


def localise(value: Any, language: str | None = None) -> str:
    """A parameter in `language`: dicts of names by language pick the best filled one."""
    if isinstance(value, dict):
        language = language or get_language() or "en"
        for code in (language, "en", *value.keys()):
            text = value.get(code)
            if text:
                return str(text)
        return ""
    return "" if value is None else str(value)


def names(obj: Any, field: str) -> dict[str, str]:
    """`{"en": obj.<field>_en, …}` with the filled languages only, for storing as a parameter."""
    result = {}
    for code in ("en", "ja", "hi"):
        text = (getattr(obj, f"{field}_{code}", "") or "").strip()
        if text:
            result[code] = text
    return result


def render(code: str, params: dict[str, Any], language: str | None = None) -> str:
    """The sentence of a notification in the active (or given) language."""
    if language is not None:
        with translation.override(language):
            return render(code, params)
    kind = KINDS.get(code)
    if kind is None:  # a kind retired after rows were stored: say so rather than fail the page
        return str(_("A notification of a kind the portal no longer sends."))
    values = {key: localise(value, language) for key, value in params.items()}
    template = str(kind.sentence)
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        return template
