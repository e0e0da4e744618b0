from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    """The bell's unread count for every page.

    Lazy: one indexed COUNT, run only when a page for a signed-in person shows it.
    """
    context: dict = {
        "NOTIFICATIONS_EMAIL_BATCH_MINUTES": settings.NOTIFICATIONS_EMAIL_BATCH_MINUTES
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["notifications_unread"] = SimpleLazyObject(lambda: unread_count(user))
    return context
