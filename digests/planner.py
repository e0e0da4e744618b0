"""The batch planner: what each delivery of a batch will contain. A read — it writes nothing,
so it lives beside the selectors; `services.delivery` sends what it plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import translation

from accounts.notifications.selectors import digest_notifications_by_user
from digests import content, selectors
from digests.models import Delivery, DigestPreference, Frequency
from digests.render import Recipient
from matchmaking.models import PartnerProfile
from matchmaking.selectors import profile_of

FIRST_DIGEST_COVERS = timedelta(days=7)
# Keyed by the Frequency values (str), as a delivery's `kind` holds them.
PERIOD: dict[str, timedelta] = {
    Frequency.DAILY: timedelta(days=1),
    Frequency.WEEKLY: timedelta(days=7),
}
SECTIONS_OF = {
    "include_notices": {"notices"},
    "include_windows": {"windows", "closing"},
    "include_programmes": {"programmes"},
    "include_matches": {"matches"},
    "include_threads": {"threads"},
}


@dataclass
class Planned:
    delivery: Delivery
    recipient: Recipient
    items: list[content.Item]
    personal: list[content.PersonalItem]


def _sections(preference: DigestPreference) -> set[str]:
    chosen: set[str] = set()
    for flag, sections in SECTIONS_OF.items():
        if getattr(preference, flag):
            chosen |= sections
    return chosen


def batch_plan(*, rows: list[Delivery]) -> tuple[list[Planned], list[tuple[int, datetime, str]]]:
    """What each delivery of the batch will contain, loaded with a fixed number of queries
    (plus one per recipient only for matches / followed threads, which are personal).

    `rows` come from selectors.batch_deliveries (or an unsaved row, for the admin preview).
    Returns (messages to send, [(delivery id, window start, reason)] to close without mail).
    """
    if not rows:
        return [], []
    # A first digest covers the last week (a welcome summary); later ones start where the
    # previous one ended, looking back at most four periods (after a pause).
    user_ids = [row.user_id for row in rows]
    oldest = min(row.window_end - _period(row) * 4 for row in rows)
    previous = selectors.previous_window_ends(user_ids, since=(oldest - timedelta(days=1)).date())
    paused = selectors.had_digest([uid for uid in user_ids if uid not in previous])
    sectors = selectors.preference_sector_ids(
        [row.user.digest_preference.pk for row in rows if _preference(row)]
    )
    since_of: dict[int, datetime] = {}
    for row in rows:
        period = _period(row)
        earliest = row.window_end - period * 4
        first = (
            earliest if row.user_id in paused else row.window_end - max(period, FIRST_DIGEST_COVERS)
        )
        since_of[row.pk] = max(previous.get(row.user_id, first), earliest)
    until = max(row.window_end for row in rows)
    runs = {row.run_id for row in rows}
    shared = content.shared_content_for_run(
        run_id=runs.pop() if len(runs) == 1 else None, since=min(since_of.values()), until=until
    )

    wants_closing = [
        row
        for row in rows
        if _preference(row)
        and row.user.digest_preference.include_windows
        and row.user.organisation is not None
        and row.user.organisation.kind == "msme"
    ]
    eligible = content.eligible_closing_by_org(
        [row.user.organisation for row in wants_closing], shared.closing, until=until
    )
    profiles: dict[int, object] = {}
    profile_seen: dict[int, set] = {}
    profile_language: dict[int, str] = {}
    for row in rows:
        preference = _preference(row)
        profile = _profile(row)
        if preference and preference.include_matches and profile is not None:
            profiles[profile.pk] = profile
            profile_seen[profile.pk] = set(preference.reported_partner_ids)
            profile_language[profile.pk] = row.user.language
    matches = content.new_matches_by_profile(profiles, profile_seen, language_of=profile_language)
    # Notifications people chose to get "in my digest": one query for the batch.
    waiting = digest_notifications_by_user(user_ids, until=until)

    planned: list[Planned] = []
    closed: list[tuple[int, datetime, str]] = []
    for row in rows:
        user, preference, since = row.user, _preference(row), since_of[row.pk]
        if preference is None or preference.frequency == Frequency.OFF:
            closed.append((row.pk, since, "unsubscribed"))
            continue
        if preference.bounced_email and preference.bounced_email.lower() == user.email.lower():
            closed.append((row.pk, since, "address refused earlier"))
            continue
        filters = content.Filters(
            sectors=sectors.get(preference.pk, frozenset()),
            countries=frozenset(preference.countries),
            regions=frozenset(preference.regions),
            instruments=frozenset(preference.instruments),
        )
        organisation = user.organisation
        items = content.select_for_recipient(
            shared=shared,
            since=since,
            filters=filters,
            sections=_sections(preference),
            eligible_window_ids=eligible.get(organisation.pk, set()) if organisation else set(),
        )
        personal: list[content.PersonalItem] = []
        profile = _profile(row)
        if profile is not None and preference.include_matches:
            personal += matches.get(profile.pk, [])
        if preference.include_threads:
            with translation.override(user.language):
                personal += content.thread_updates(user, since, row.window_end)
        if waiting.get(user.pk):
            with translation.override(user.language):
                personal += content.notification_items(waiting[user.pk], row.window_end)
        news = personal or any(
            item.section != "closing" or content.closing_is_new(item, since) for item in items
        )
        if not news:
            closed.append((row.pk, since, ""))
            continue
        planned.append(
            Planned(
                delivery=row,
                recipient=Recipient(
                    delivery_id=row.pk,
                    user_id=user.pk,
                    email=user.email,
                    name=user.full_name or user.email.split("@")[0],
                    language=user.language if user.language in ("en", "ja", "hi") else "en",
                    tz=user.timezone,
                    kind=row.kind,
                    since=since,
                ),
                items=items,
                personal=personal,
            )
        )
    return planned, closed


def _period(row: Delivery) -> timedelta:
    return PERIOD.get(row.kind, PERIOD[Frequency.WEEKLY])


def _preference(row: Delivery) -> DigestPreference | None:
    try:
        return row.user.digest_preference
    except DigestPreference.DoesNotExist:
        return None


def _profile(row: Delivery) -> PartnerProfile | None:
    return profile_of(row.user.organisation)
