"""Template helpers of the programs app (badges on organisation pages, closing-soon flags)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

from forum.models import ExchangeRate
from forum.money import Converted, other_currency
from programs import selectors

register = template.Library()


@register.simple_tag
def completed_programmes(organisation) -> list:
    """Programmes the organisation completed (one query), for the badges include."""
    if organisation is None or not getattr(organisation, "pk", None):
        return []
    return list(selectors.completed_programmes(organisation))


@register.filter
def closing_soon(window) -> bool:
    return selectors.is_closing_soon(window)


@register.filter
def deadline_soon(notice) -> bool:
    """A notice whose compliance deadline falls within the closing-soon horizon."""
    from datetime import timedelta

    from django.utils import timezone

    due = getattr(notice, "compliance_deadline", None)
    today = timezone.localdate()
    return bool(due and today <= due <= today + timedelta(days=selectors.CLOSING_SOON_DAYS))


@register.filter
def starts_soon(programme) -> bool:
    """A programme with a session starting within the horizon (uses the prefetched sessions)."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    horizon = now + timedelta(days=selectors.CLOSING_SOON_DAYS)
    return any(now < session.starts_at <= horizon for session in programme.sessions.all())


@register.simple_tag(takes_context=True)
def converted_once(context, amount, currency: str) -> str:
    """Like the `converted` filter, but the rate is looked up once per currency pair per
    rendered list rather than once per row (a list of 20 windows would otherwise do 40 queries)."""

    if amount is None:
        return ""
    target = other_currency(currency)
    rates = context.render_context.setdefault("programs_rates", {})
    if (currency, target) not in rates:
        rates[(currency, target)] = ExchangeRate.latest(currency, target)
    rate = rates[(currency, target)]
    if rate is None:
        return ""
    value = (Decimal(str(amount)) * rate.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(Converted(value, target, rate.rate, rate.as_of))
