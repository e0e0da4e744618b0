"""Who may change what in matchmaking. Each check raises PermissionDenied with a clear reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrgKind
from accounts.permissions import check_member_of, check_msme
from matchmaking.models import Introduction, PartnerProfile
from matchmaking.selectors import profile_of


def check_can_edit_profile(user, organisation: Organisation) -> None:
    """Only members of the MSME organisation itself edit its partner profile."""
    check_member_of(user, organisation)
    if organisation.kind != OrgKind.MSME:
        raise PermissionDenied(_("Only MSME / SME organisations keep a partner profile."))


def check_can_use_matchmaking(user) -> Organisation:
    """Shortlists, matches, "not interested" and introductions belong to an MSME organisation."""
    return check_msme(user)


def check_can_request_introduction(user, profile: PartnerProfile) -> Organisation:
    """An MSME with a profile asks another; a request carries a message to the other side, so
    a silenced person (who may read but not write to others) may not send one."""
    organisation = check_msme(user)
    if user.is_silenced:
        raise PermissionDenied(_("You are silenced and cannot write for now."))
    if profile.organisation_id == organisation.pk:
        raise PermissionDenied(_("You cannot request an introduction to your own organisation."))
    if profile_of(organisation) is None:
        raise PermissionDenied(_("Create your partner profile before requesting introductions."))
    return organisation


def check_can_answer_introduction(user, introduction: Introduction) -> None:
    """Only the organisation that received the request accepts or declines it."""
    check_member_of(user, introduction.to_organisation)


def check_can_withdraw_introduction(user, introduction: Introduction) -> None:
    """Only the organisation that sent the request takes it back."""
    check_member_of(user, introduction.from_organisation)
