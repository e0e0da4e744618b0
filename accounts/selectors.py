"""Reads for accounts, with their joins already right."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import ApiToken, AuditLog, Invitation, Organisation, User, Verification


def organisation_public_list() -> QuerySet[Organisation]:
    """Organisations as anybody may see them, with their member counts."""
    return Organisation.objects.annotate(member_count=Count("members")).order_by("name_en", "pk")


def organisation_get_public(*, slug: str) -> Organisation:
    return organisation_public_list().get(slug=slug)


def organisation_pending_list() -> QuerySet[Organisation]:
    """The verification queue: oldest applicants first, with their owners for the admin."""
    return (
        Organisation.objects.filter(verification_status=Verification.PENDING)
        .prefetch_related("members")
        .order_by("created_at", "pk")
    )


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation=organisation).order_by("-org_role", "date_joined")


def invitation_open_for_organisation(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def invitation_open_for_user(*, user: User) -> QuerySet[Invitation]:
    """Open invitations to any of the person's verified email addresses."""
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return (
        Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .filter(Q(email__in=[e.lower() for e in emails]) | Q(email__iexact=user.email))
        .select_related("organisation", "invited_by")
    )


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def audit_log_list(
    *,
    action: str = "",
    actor: str = "",
    target: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.all()
    if action:
        entries = entries.filter(action__icontains=action)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if target:
        entries = entries.filter(
            Q(target_label__icontains=target) | Q(target_type__icontains=target)
        )
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries
