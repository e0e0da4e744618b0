"""HTML pages of accounts, one module per area (account, onboarding, members, staff, orgs)."""

from __future__ import annotations

from accounts.views.account import (
    account_delete,
    account_export,
    account_home,
    account_preferences,
    account_token_create,
    account_token_revoke,
)
from accounts.views.members import (
    account_organisation,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_remove,
    member_role,
)
from accounts.views.onboarding import onboarding, organisation_edit
from accounts.views.orgs import organisation_detail
from accounts.views.staff import audit_log, verification_decide, verification_queue

__all__ = [
    "account_delete",
    "account_export",
    "account_home",
    "account_organisation",
    "account_preferences",
    "account_token_create",
    "account_token_revoke",
    "audit_log",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "member_remove",
    "member_role",
    "onboarding",
    "organisation_detail",
    "organisation_edit",
    "verification_decide",
    "verification_queue",
]
