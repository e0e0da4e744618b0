"""Writes for a person: preferences, API tokens, data export and account deletion."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import privacy
from accounts.models import ApiToken, AuditLog, Invitation, Organisation, OrgRole, User
from accounts.permissions import check_can_moderate, check_signed_in
from accounts.services.audit import audit_record
from forum.models import ExchangeRate

TOKEN_PREFIX_LENGTH = 8


def user_preferences_update(
    *, user: User, language: str, timezone_name: str, sectors: list | None = None
) -> User:
    user.language = language
    user.timezone = timezone_name
    user.save(update_fields=["language", "timezone"])
    if sectors is not None:
        user.sectors_of_interest.set(sectors)
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Remember the language a person chose (on the sign-in page or the switcher)."""
    user.language = language
    user.save(update_fields=["language"])
    return user


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named token and its key; the key is returned once and never stored.

    A staff member's token is a lasting staff credential, so only a session that passed MFA may
    create one; everybody else's token carries no staff powers, even if they become staff later.
    A suspended person gets none: it would outlive the session they still hold.
    """
    check_signed_in(user)
    if user.is_staff:
        check_can_moderate(user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name.")]})
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": [_("You already have a token with this name.")]})
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=token_hash(key),
        grants_staff=user.is_staff,
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def _user_data(user: User) -> dict[str, Any]:
    organisation = user.organisation
    return {
        "person": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "signup_kind": user.signup_kind,
            "language": user.language,
            "timezone": user.timezone,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_admin": user.is_staff,
            "sectors_of_interest": list(user.sectors_of_interest.values_list("slug", flat=True)),
            "silenced_until": user.silenced_until.isoformat() if user.silenced_until else None,
            "suspended_until": user.suspended_until.isoformat() if user.suspended_until else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "organisation": None
        if organisation is None
        else {
            "slug": organisation.slug,
            "name_en": organisation.name_en,
            "name_ja": organisation.name_ja,
            "name_hi": organisation.name_hi,
            "country": organisation.country,
            "kind": organisation.kind,
            "region": organisation.region,
            "city": organisation.city,
            "website": organisation.website,
            "verification_status": organisation.verification_status,
            "your_role": user.org_role,
        },
        "invitations_sent": [
            {
                "email": i.email,
                "created_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(invited_by=user)
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat()}
            for t in user.api_tokens.all()
        ],
        "audit_log_as_actor": [
            {"at": e.created_at.isoformat(), "action": e.action, "target": e.target_label}
            for e in AuditLog.objects.filter(actor=user)
        ],
        "audit_log_about_you": [
            {"at": e.created_at.isoformat(), "action": e.action, "reason": e.reason}
            for e in AuditLog.objects.filter(
                target_type=User._meta.label_lower, target_id=str(user.pk)
            )
        ],
        "invitations_to_you": [
            {
                "organisation": i.organisation.name_en,
                "created_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        # Which second factors are on, never their secrets or recovery codes.
        "two_factor": [
            {
                "type": a.type,
                "created_at": a.created_at.isoformat(),
                "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None,
            }
            for a in Authenticator.objects.filter(user=user).order_by("type")
        ],
        "admin_changes_made": [
            {"at": e.action_time.isoformat(), "object": e.object_repr, "change": e.change_message}
            for e in LogEntry.objects.filter(user=user).order_by("pk")
        ],
        "exchange_rates_entered": [
            {"as_of": r.as_of.isoformat(), "pair": f"{r.base}/{r.quote}", "rate": str(r.rate)}
            for r in ExchangeRate.objects.filter(created_by=user).order_by("pk")
        ],
        "organisations_verified": list(
            Organisation.objects.filter(verified_by=user).values_list("slug", flat=True)
        ),
    }


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about the person: accounts' data and every app's exporter."""
    export: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for section, exporter in sorted(privacy.exporters().items()):
        export[section] = exporter(user)
    return export


@transaction.atomic
def user_delete(*, user: User) -> str:
    """Delete the person: every app's eraser runs first, all in one transaction.

    The organisation stays while it has other members (the longest-standing one becomes owner
    if the leaver was its only owner); it goes with its last member. Returns what happened to
    the organisation: 'none', 'kept', 'owner_promoted', 'deleted' or 'kept_without_members'
    (when content that other apps must keep still refers to it).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    organisation = (
        Organisation.objects.select_for_update().get(pk=user.organisation_id)
        if user.organisation_id
        else None
    )
    for _name, eraser in sorted(privacy.erasers().items()):
        eraser(user)
    outcome = "none"
    if organisation is not None:
        others = User.objects.filter(organisation=organisation).exclude(pk=user.pk)
        if not others.exists():
            outcome = "deleted"
        elif user.org_role == OrgRole.OWNER and not others.filter(org_role=OrgRole.OWNER).exists():
            heir = others.order_by("date_joined", "pk")[0]  # others.exists(), just above
            heir.org_role = OrgRole.OWNER
            heir.save(update_fields=["org_role"])
            audit_record(
                actor=None,
                action="org.role_change",
                target=heir,
                reason="previous owner deleted their account",
                data={"organisation_id": organisation.pk, "from": OrgRole.MEMBER, "to": "owner"},
            )
            outcome = "owner_promoted"
        else:
            outcome = "kept"
    user_id, organisation_id = user.pk, user.organisation_id
    user.delete()
    if outcome == "deleted" and organisation is not None:  # "deleted" implies an organisation
        try:
            with transaction.atomic():
                organisation.delete()
        except (ProtectedError, RestrictedError):
            # Content other apps must keep (e.g. published notices) still points at it.
            outcome = "kept_without_members"
    audit_record(
        actor=None,
        action="user.delete",
        data={
            "user_id": user_id,
            "organisation_id": organisation_id,
            "organisation": outcome,
        },
    )
    return outcome


def export_accounts_section(user: User) -> dict[str, Any]:
    """accounts' own exporter, registered in AccountsConfig.ready()."""
    return _user_data(user)


def erase_accounts_section(user: User) -> None:
    """accounts' own eraser: invitations the person sent close, invitations to their address
    go, the audit log keeps its entries but names them "deleted person #id" instead of the
    address, and what they entered as an admin loses their name."""
    Invitation.objects.filter(invited_by=user, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    for address in addresses:
        Invitation.objects.filter(email__iexact=address).delete()
    label = pseudonym(user)
    AuditLog.objects.filter(actor=user).update(actor_label=label)
    for address in addresses:
        AuditLog.objects.filter(actor_label__iexact=address).update(actor_label=label)
        AuditLog.objects.filter(target_label__icontains=address).update(target_label=label)
    AuditLog.objects.filter(target_type=User._meta.label_lower, target_id=str(user.pk)).update(
        target_label=label
    )
    LogEntry.objects.filter(user=user).delete()
    ExchangeRate.objects.filter(created_by=user).update(created_by=None)
    Organisation.objects.filter(verified_by=user).update(verified_by=None)


def pseudonym(user: User) -> str:
    """What the audit log calls a person after they deleted their account."""
    return f"deleted person #{user.pk}"
