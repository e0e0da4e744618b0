"""Named permission checks that raise a clear PermissionDenied (Zulip's check_* idea).

Every write in every app calls one of these before it changes state. Views turn the error
into a 403 page or a message; the API's error handler turns it into a 403 with the reason.
"""

from __future__ import annotations

from typing import TypeGuard

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Invitation, Organisation, OrgKind, OrgRole, User


def has_mfa(user: User) -> bool:
    """Whether the person has turned MFA on (not whether this session passed it)."""
    return is_mfa_enabled(user, types=["totp"])


def can_view_dashboard(user: User | AnonymousUser | None, organisation_id: int | None) -> bool:
    """Members of the organisation see its dashboards; admins with MFA see every one. Here,
    below every app, so a page that only links to a dashboard asks the same rule."""
    if not is_signed_in(user):
        return False
    if organisation_id is not None and user.organisation_id == organisation_id:
        return True
    return acts_as_staff(user) and has_mfa(user)


def acts_as_staff(user: User | AnonymousUser | None) -> bool:
    """Staff powers need staff *and* a second factor passed by this very request's credential.

    A password-only session (the Django admin's old login, a session from before MFA was turned
    on) or an API token created without staff powers acts as an ordinary person.
    """
    return bool(
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.second_factor_passed
    )


def is_signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    """True for a signed-in person (who is then a `User`); False for anonymous visitors."""
    return bool(user is not None and user.is_authenticated)


def check_signed_in(user: User | AnonymousUser | None) -> User:
    """Returns the same user, now known to be signed in (anonymous visitors are refused)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied(_("Please sign in first."))
    if not user.is_active or user.is_suspended:
        raise PermissionDenied(_("This account is suspended."))
    return user


def check_member_of(user: User | AnonymousUser, organisation: Organisation) -> User:
    user = check_signed_in(user)
    if user.organisation_id != organisation.pk:
        raise PermissionDenied(_("Only members of %(org)s can do this.") % {"org": organisation})
    return user


def check_org_owner(user: User | AnonymousUser, organisation: Organisation) -> None:
    user = check_member_of(user, organisation)
    if user.org_role != OrgRole.OWNER:
        raise PermissionDenied(_("Only an owner of the organisation can do this."))


def check_can_publish(
    user: User | AnonymousUser, *, kinds: tuple[str, ...] = (OrgKind.REGULATOR, OrgKind.FINANCIER)
) -> Organisation:
    """A regulator or financier may publish only when verified and with MFA turned on.

    Returns the organisation to publish in the name of.
    """
    user = check_signed_in(user)
    organisation = user.organisation
    if organisation is None or organisation.kind not in kinds:
        raise PermissionDenied(_("Your organisation cannot publish this kind of content."))
    if not organisation.is_verified:
        raise PermissionDenied(
            _(
                "%(org)s is not verified yet. You can keep drafts; an admin must verify the "
                "organisation before anything is published."
            )
            % {"org": organisation}
        )
    if not has_mfa(user):
        raise PermissionDenied(
            _("Turn on two-factor authentication (account page) before publishing.")
        )
    return organisation


def check_can_moderate(user: User | AnonymousUser) -> User:
    """Admins moderate, and only in a session that passed two-factor authentication.
    Returns the moderator."""
    user = check_signed_in(user)
    if not user.is_staff:
        raise PermissionDenied(_("Only admins can do this."))
    if not has_mfa(user):
        raise PermissionDenied(_("Turn on two-factor authentication before moderating."))
    if not acts_as_staff(user):
        raise PermissionDenied(
            _(
                "This session did not pass two-factor authentication. Sign in again with your "
                "authenticator code to use admin pages."
            )
        )
    return user


def check_msme(user: User | AnonymousUser) -> Organisation:
    user = check_signed_in(user)
    if user.organisation is None or user.organisation.kind != OrgKind.MSME:
        raise PermissionDenied(_("Only MSME / SME organisations can do this."))
    return user.organisation


def check_can_accept_invitation(user: User | AnonymousUser, invitation: Invitation) -> User:
    """Only the invited address may accept, and only once, before it expires.

    Returns the (signed-in) person who may accept it."""
    from allauth.account.models import EmailAddress

    user = check_signed_in(user)
    if not invitation.is_open:
        raise PermissionDenied(_("This invitation has expired or was already used."))
    addresses = {user.email.lower()} | {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    if invitation.email.lower() not in addresses:
        raise PermissionDenied(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    return user


def needs_mfa_nudge(user: User) -> bool:
    """Regulators, financiers and admins are asked to turn on MFA until they have."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role not in ("admin", OrgKind.REGULATOR, OrgKind.FINANCIER):
        return False
    return not has_mfa(user)
