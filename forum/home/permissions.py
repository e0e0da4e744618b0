"""Who may see which dashboard: the organisation it belongs to, and admins (with MFA)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_view_dashboard, check_can_moderate, check_signed_in


def check_can_view_dashboard(user: User, organisation: Organisation | None) -> None:
    """Members of `organisation` see its dashboards; admins with MFA see every one."""
    check_signed_in(user)
    if not can_view_dashboard(user, organisation.pk if organisation is not None else None):
        raise PermissionDenied(_("Only members of the organisation can see this dashboard."))


def check_can_view_staff_dashboard(user: User) -> None:
    check_can_moderate(user)
