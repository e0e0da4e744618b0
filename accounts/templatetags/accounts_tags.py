"""`{% account_nudges %}`: the MFA call to action and the verification banner, on any page.

Costs a query or two for signed-in people, so it is used on the home and account pages only.
"""

from __future__ import annotations

from django import template
from django.apps import apps

from accounts.audit_actions import action_label as _action_label
from accounts.permissions import needs_mfa_nudge

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """An audit-log action code as a readable name in the reader's language."""
    return _action_label(code)


@register.filter
def model_label(label: str) -> str:
    """An audit-log target type ("programs.expressionofinterest") as the model's name in the
    reader's language; a label no model has any more stays as it is."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@register.inclusion_tag("accounts/includes/banners.html", takes_context=True)
def account_nudges(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user": user, "mfa_nudge": needs_mfa_nudge(user), "organisation": user.organisation}
