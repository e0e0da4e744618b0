"""Writes for membership: invitations, joining, role changes and removal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, Organisation, OrgRole, User
from accounts.services.audit import audit_record
from accounts.tasks import invitation_mail_send
from forum.outbox import send_after_commit
from forum.timefmt import zone_for_country


@transaction.atomic
def invitation_create(*, organisation: Organisation, by_user: User, email: str) -> Invitation:
    """Invite `email` to join; the link is mailed after the transaction commits."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email, organisation=organisation).exists():
        raise ValidationError({"email": [_("This person is already a member.")]})
    if Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": [_("An invitation to this address is already open.")]})
    # An expired, never-accepted invitation would block the unique constraint: close it.
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, invited_by=by_user
    )

    send_after_commit(invitation_mail_send, invitation.pk)
    return invitation


def invitation_revoke(*, invitation: Invitation, by_user: User) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> User:
    """Join the inviting organisation as a member (one organisation per person)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    if user.organisation_id is not None:
        raise ValidationError(
            _("You already belong to an organisation; a person belongs to one only.")
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    user.organisation = invitation.organisation
    user.org_role = OrgRole.MEMBER
    user.timezone = zone_for_country(invitation.organisation.country)
    user.save(update_fields=["organisation", "org_role", "timezone"])
    audit_record(
        actor=user,
        action="org.member_join",
        target=invitation.organisation,
        data={"invitation_id": invitation.pk, "invited_by_id": invitation.invited_by_id},
    )
    return user


def _other_owners(organisation: Organisation, member: User):
    return User.objects.filter(organisation=organisation, org_role=OrgRole.OWNER).exclude(
        pk=member.pk
    )


@transaction.atomic
def member_set_role(*, organisation: Organisation, member: User, role: str, by_user: User) -> User:
    """Make a member an owner or an owner a member; an organisation always keeps one owner."""
    if role not in OrgRole.values:
        raise ValidationError({"role": [_("Choose owner or member.")]})
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.organisation_id != organisation.pk:
        raise ValidationError(_("This person is not a member of the organisation."))
    if member.org_role == role:
        return member
    if role == OrgRole.MEMBER and not _other_owners(organisation, member).exists():
        raise ValidationError(_("An organisation needs at least one owner."))
    previous = member.org_role
    member.org_role = role
    member.save(update_fields=["org_role"])
    audit_record(
        actor=by_user,
        action="org.role_change",
        target=member,
        data={"organisation_id": organisation.pk, "from": previous, "to": role},
    )
    return member


@transaction.atomic
def member_remove(*, organisation: Organisation, member: User, by_user: User) -> User:
    """Take a person out of the organisation. Owners leave by deleting their account instead."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.organisation_id != organisation.pk:
        raise ValidationError(_("This person is not a member of the organisation."))
    if member.pk == by_user.pk:
        raise ValidationError(_("You cannot remove yourself."))
    previous = member.org_role
    member.organisation = None
    member.org_role = ""
    member.save(update_fields=["organisation", "org_role"])
    audit_record(
        actor=by_user,
        action="org.member_remove",
        target=member,
        data={"organisation_id": organisation.pk, "role": previous},
    )
    return member
