from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """Values every page template needs (site URL, available languages)."""
    return {"SITE_URL": settings.SITE_URL, "PORTAL_LANGUAGES": settings.LANGUAGES}
