"""Writes of the programs app (keyword-only, permission-checked)."""

from __future__ import annotations

from programs.services.common import check_can_read, check_owns
from programs.services.funding import (
    interest_mark,
    interest_send,
    interest_withdraw,
    window_create,
    window_publish,
    window_update,
    window_withdraw,
)
from programs.services.notices import (
    notice_attach,
    notice_attachment_delete,
    notice_create,
    notice_publish,
    notice_read_record,
    notice_update,
    notice_visit_record,
    notice_withdraw,
    validate_pdf,
)
from programs.services.training import (
    enrolment_cancel,
    enrolment_complete,
    enrolment_enrol,
    programme_create,
    programme_publish,
    programme_update,
    programme_withdraw,
    session_add,
)

__all__ = [
    "check_can_read",
    "check_owns",
    "enrolment_cancel",
    "enrolment_complete",
    "enrolment_enrol",
    "interest_mark",
    "interest_send",
    "interest_withdraw",
    "notice_attach",
    "notice_attachment_delete",
    "notice_create",
    "notice_publish",
    "notice_read_record",
    "notice_update",
    "notice_visit_record",
    "notice_withdraw",
    "programme_create",
    "programme_publish",
    "programme_update",
    "programme_withdraw",
    "session_add",
    "validate_pdf",
    "window_create",
    "window_publish",
    "window_update",
    "window_withdraw",
]
