"""Writes for people, organisations and the audit log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from accounts import msme
from accounts.models import AuditLog, Organisation, OrgKind, Verification


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict | None = None,
) -> AuditLog:
    """Append one entry to the audit log. Callers pass a dotted action like 'org.verify'."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        reason=reason,
        data=data or {},
    )


def _in_inr(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    if currency == "INR":
        return amount
    from forum.money import convert

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
