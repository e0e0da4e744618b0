"""Writes for organisations: creation at onboarding, edits, and the admins' verification."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import msme
from accounts.models import Organisation, OrgKind, OrgRole, User, Verification

# The notification centre is accounts' own sub-app; it imports only accounts.models, so this
# is no cycle.
from accounts.notifications.kinds import names
from accounts.notifications.services import notifications_create_for_organisation
from accounts.services.audit import audit_record
from accounts.tasks import verification_mail_send
from forum.money import convert
from forum.outbox import send_after_commit
from forum.timefmt import zone_for_country


def _in_inr(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    if currency == "INR":
        return amount

    result = convert(amount, currency, "INR")
    return result.amount if result else None


def organisation_derive_msme_class(organisation: Organisation) -> str:
    """Indian MSME class from investment and turnover ('' for Japan or when unknown)."""
    if organisation.country != "IN" or organisation.kind != OrgKind.MSME:
        return ""
    return msme.msme_class(
        investment_inr=_in_inr(organisation.investment, organisation.investment_currency),
        turnover_inr=_in_inr(organisation.annual_turnover, organisation.turnover_currency),
    )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    qs = Organisation.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Save with derived fields right: slug, MSME class, initial verification state."""
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name_en, exclude_pk=organisation.pk)
    organisation.msme_class = organisation_derive_msme_class(organisation)
    if organisation._state.adding:
        organisation.verification_status = (
            Verification.PENDING if organisation.needs_verification else Verification.NOT_REQUIRED
        )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_onboard(*, user: User, organisation: Organisation) -> Organisation:
    """Create the person's organisation and make them its owner (one organisation per person).

    The person's time zone follows the organisation's country (they can change it later).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.organisation_id is not None:
        raise ValidationError(_("You already belong to an organisation."))
    organisation_save(organisation=organisation)
    user.organisation = organisation
    user.org_role = OrgRole.OWNER
    user.timezone = zone_for_country(organisation.country)
    user.save(update_fields=["organisation", "org_role", "timezone"])
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by_user: User) -> Organisation:
    """Save an owner's edits. A rejected regulator or financier goes back into the queue."""
    resubmitted = organisation.verification_status == Verification.REJECTED
    if resubmitted:
        organisation.verification_status = Verification.PENDING
    organisation_save(organisation=organisation)
    if resubmitted:
        audit_record(actor=by_user, action="org.resubmit", target=organisation)
    return organisation


def _decide(*, organisation: Organisation, by_user: User, status: str, reason: str) -> Organisation:
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.verification_status != Verification.PENDING:
        raise ValidationError(_("This organisation is not awaiting verification."))
    locked.verification_status = status
    locked.verified_at = timezone.now() if status == Verification.VERIFIED else None
    locked.verified_by = by_user if status == Verification.VERIFIED else None
    locked.verification_note = reason
    locked.verification_mailed_at = None
    locked.save(
        update_fields=[
            "verification_status",
            "verified_at",
            "verified_by",
            "verification_note",
            "verification_mailed_at",
            "updated_at",
        ]
    )
    action = "org.verify" if status == Verification.VERIFIED else "org.reject"
    audit_record(actor=by_user, action=action, target=locked, reason=reason)

    notifications_create_for_organisation(
        organisation_id=locked.pk,
        kind="verification_verified"
        if status == Verification.VERIFIED
        else "verification_rejected",
        params={"org": names(locked, "name"), "reason": reason},
        url=reverse("account_organisation"),
    )
    send_after_commit(verification_mail_send, locked.pk)
    return locked


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by_user: User) -> Organisation:
    """Approve a pending regulator or financier; its owners are emailed."""
    return _decide(
        organisation=organisation, by_user=by_user, status=Verification.VERIFIED, reason=""
    )


@transaction.atomic
def organisation_reject(*, organisation: Organisation, by_user: User, reason: str) -> Organisation:
    """Reject a pending organisation with a reason the applicant reads in the email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the applicant a reason.")]})
    return _decide(
        organisation=organisation, by_user=by_user, status=Verification.REJECTED, reason=reason
    )
