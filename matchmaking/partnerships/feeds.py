"""Signed, revocable calendar-feed URLs: the token names the person and the feed's secret;
rotating the secret (services.meetings.calendar_feed_rotate) invalidates every older URL."""

from __future__ import annotations

from django.core import signing

from accounts.models import User
from matchmaking.partnerships.models import CalendarFeed

SALT = "partnerships.calendar-feed"


def feed_token(feed: CalendarFeed) -> str:
    return signing.dumps({"u": feed.user_id, "k": feed.key}, salt=SALT, compress=False)


def feed_user(token: str) -> User | None:
    """The active person whose current feed the token signs, or None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(user_id=data.get("u"), key=data.get("k"))
        .first()
    )
    if feed is None or not feed.user.is_active or feed.user.is_suspended:
        return None
    return feed.user
