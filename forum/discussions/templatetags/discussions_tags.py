"""Forum template helpers: public author names (never an email address)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from forum.discussions.services.common import display_name

register = template.Library()


@register.filter
def author_name(user) -> str:
    return display_name(user)


@register.filter
def reason_text(reason: str) -> str:
    """A stored reason in the reader's language: system reasons are msgids (see
    services.posting.REASON_*); a moderator's own words come back unchanged."""
    return gettext(reason) if reason else ""
