"""`{% unread_messages %}`: the navigation's count of unread partner messages."""

from __future__ import annotations

from django import template

from matchmaking.partnerships.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None else 0
