from __future__ import annotations

from typing import Any

from django import template

from accounts.notifications.kinds import localise

register = template.Library()


@register.filter
def in_my_language(value: Any) -> str:
    """A stored `{"en": …, "ja": …}` name in the reader's language (see kinds.localise)."""
    return localise(value)
