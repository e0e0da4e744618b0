"""Writes for matchmaking: profiles, shortlists, "not interested", introductions."""

from __future__ import annotations

from matchmaking.services.introductions import (
    introduction_accept,
    introduction_decline,
    introduction_mail,
    introduction_request,
    introduction_withdraw,
    introductions_expire,
    introductions_remind_expiring,
)
from matchmaking.services.profiles import (
    not_interested_mark,
    profile_save,
    profile_view_record,
    shortlist_add,
    shortlist_note_update,
    shortlist_remove,
)

__all__ = [
    "introduction_accept",
    "introduction_decline",
    "introduction_mail",
    "introduction_request",
    "introduction_withdraw",
    "introductions_expire",
    "introductions_remind_expiring",
    "not_interested_mark",
    "profile_save",
    "profile_view_record",
    "shortlist_add",
    "shortlist_note_update",
    "shortlist_remove",
]
