"""The audit log: one append-only entry per privileged action."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import AuditLog


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
