"""Writes for people, organisations, membership and the audit log (split by domain).

Other apps import from here: `from accounts.services import audit_record, organisation_save`.
"""

from __future__ import annotations

from accounts.services.audit import audit_record
from accounts.services.members import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_remove,
    member_set_role,
)
from accounts.services.organisations import (
    organisation_derive_msme_class,
    organisation_onboard,
    organisation_reject,
    organisation_save,
    organisation_update,
    organisation_verify,
    unique_slug,
)
from accounts.services.people import (
    api_token_create,
    api_token_revoke,
    user_delete,
    user_export,
    user_language_set,
    user_preferences_update,
)

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "audit_record",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "member_remove",
    "member_set_role",
    "organisation_derive_msme_class",
    "organisation_onboard",
    "organisation_reject",
    "organisation_save",
    "organisation_update",
    "organisation_verify",
    "unique_slug",
    "user_delete",
    "user_export",
    "user_language_set",
    "user_preferences_update",
]
