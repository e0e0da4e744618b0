"""Forum template helpers: public author names (never an email address)."""

from __future__ import annotations

from django import template

from forum.discussions.services.common import display_name

register = template.Library()


@register.filter
def author_name(user) -> str:
    return display_name(user)
