"""Preferences: created with defaults from the person's organisation and profile."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from digests.models import DigestPreference, Frequency
from matchmaking.selectors import profile_of


def _default_sector_ids(user) -> list[int]:
    """The org's partner-profile sectors, else the person's own sectors of interest."""
    profile = profile_of(user.organisation)
    if profile is not None:
        ids = list(profile.sectors.values_list("pk", flat=True))
        if ids:
            return ids
    return list(user.sectors_of_interest.values_list("pk", flat=True))


def _default_fields(user) -> dict:
    organisation = getattr(user, "organisation", None)
    fields: dict = {"countries": [], "regions": []}
    if organisation is not None:
        fields["countries"] = [organisation.country]
        fields["regions"] = [organisation.region] if organisation.region else []
        # Regulators and financiers publish rather than apply: matches and eligibility are
        # an MSME's business, so their defaults keep only what they read.
        if organisation.kind != "msme":
            fields["include_matches"] = False
    return fields


def preference_get_or_create(*, user) -> DigestPreference:
    """The person's preference row, created on first use with defaults from org and profile."""
    try:
        return DigestPreference.objects.prefetch_related("sectors").get(user=user)
    except DigestPreference.DoesNotExist:
        pass
    with transaction.atomic():
        preference, created = DigestPreference.objects.get_or_create(
            user=user, defaults=_default_fields(user)
        )
        if created:
            preference.sectors.set(_default_sector_ids(user))
    return DigestPreference.objects.prefetch_related("sectors").get(pk=preference.pk)


def preferences_ensure(*, user_ids: Iterable[int] | None = None, limit: int = 5000) -> int:
    """Create missing preference rows (with defaults) for active people; returns how many."""

    candidates = (
        User.objects.filter(is_active=True, digest_preference__isnull=True)
        .select_related("organisation", "organisation__partner_profile")
        .prefetch_related("sectors_of_interest", "organisation__partner_profile__sectors")
        .order_by("pk")
    )
    if user_ids is not None:
        candidates = candidates.filter(pk__in=list(user_ids))
    users = list(candidates[:limit])
    if not users:
        return 0
    rows = [DigestPreference(user=user, **_default_fields(user)) for user in users]
    with transaction.atomic():
        DigestPreference.objects.bulk_create(rows, ignore_conflicts=True)
        by_user = dict(DigestPreference.objects.filter(user__in=users).values_list("user_id", "pk"))
        through = DigestPreference.sectors.through
        links = []
        for user in users:
            profile = profile_of(user.organisation)
            sector_ids = [s.pk for s in profile.sectors.all()] if profile else []
            if not sector_ids:
                sector_ids = [s.pk for s in user.sectors_of_interest.all()]
            links += [
                through(digestpreference_id=by_user[user.pk], sector_id=sector_id)
                for sector_id in sector_ids
            ]
        through.objects.bulk_create(links, ignore_conflicts=True)
    return len(rows)


def preference_update(*, preference: DigestPreference, data: dict) -> DigestPreference:
    """Apply validated fields (the form and the API both call this)."""
    sectors = data.pop("sectors", None)
    with transaction.atomic():
        for name, value in data.items():
            setattr(preference, name, value)
        if data.get("frequency") and data["frequency"] != Frequency.OFF:
            preference.unsubscribed_at = None
        preference.save()
        if sectors is not None:
            preference.sectors.set(sectors)
    return preference


def preference_unsubscribe(*, user_id: int, now: datetime | None = None) -> DigestPreference:
    """One-click unsubscribe: frequency off. Idempotent (a second click changes nothing)."""

    user = User.objects.get(pk=user_id)
    preference = preference_get_or_create(user=user)
    if preference.frequency != Frequency.OFF:
        preference.frequency = Frequency.OFF
        preference.unsubscribed_at = now or timezone.now()
        preference.save(update_fields=["frequency", "unsubscribed_at", "updated_at"])
    return preference
