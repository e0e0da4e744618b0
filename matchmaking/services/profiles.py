"""Partner profiles, shortlists and "not interested" marks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from forum import cacheversion
from forum.search import search_document, vector_from_text
from matchmaking.models import NotInterested, PartnerProfile, ProfileView, ShortlistEntry
from matchmaking.permissions import (
    check_can_edit_profile,
    check_can_use_matchmaking,
)
from matchmaking.runs.services import profile_changed
from matchmaking.selectors import FACETS_VERSION
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector

SCALAR_FIELDS = (
    "headline_en",
    "headline_ja",
    "headline_hi",
    "description_en",
    "description_ja",
    "description_hi",
    "original_language",
    "working_languages",
    "visibility",
    "open_to_same_country",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# Profile M2M field -> taxonomy model (terms are referred to by slug in demo data and tests).
M2M_MODELS = {
    "sectors": Sector,
    "capabilities_offered": Capability,
    "capabilities_sought": Capability,
    "partnership_types": PartnershipType,
    "certifications_held": Certification,
    "certifications_required": Certification,
    "target_markets": Market,
}
M2M_FIELDS = tuple(M2M_MODELS)


def _notify_runs(profile_id: int) -> None:
    """Queue the debounced incremental match run (matchmaking.runs owns the debounce)."""

    profile_changed(profile_id=profile_id)


def profile_search_refresh(*, profile: PartnerProfile) -> None:
    """Rebuild the stored search document from every language's text and taxonomy names."""
    org = profile.organisation
    parts: list[str | None] = [
        profile.headline_en,
        profile.headline_ja,
        profile.headline_hi,
        profile.description_en,
        profile.description_ja,
        profile.description_hi,
        org.name_en,
        org.name_ja,
        org.name_hi,
        org.city,
    ]
    for related in (
        "sectors",
        "capabilities_offered",
        "capabilities_sought",
        "certifications_held",
    ):
        for names in getattr(profile, related).values_list("name_en", "name_ja", "name_hi"):
            parts.extend(names)
    document = search_document(*parts)
    PartnerProfile.objects.filter(pk=profile.pk).update(
        search_text=document, search_vector=vector_from_text(document)
    )
    cacheversion.bump(FACETS_VERSION)  # what a search finds, and so its facet counts


# The profile's free texts (a TextField has no length of its own); the form and the API's
# serializer declare the same limits.
DESCRIPTION_MAX_CHARS = 5000
TEXT_LIMITS = {f"description_{code}": DESCRIPTION_MAX_CHARS for code in ("en", "ja", "hi")}


def _check_lengths(profile: PartnerProfile) -> None:
    errors = {
        name: [
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(getattr(profile, name))}
        ]
        for name, limit in TEXT_LIMITS.items()
        if len(getattr(profile, name) or "") > limit
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def profile_save(
    *, organisation: Organisation, by_user: Any, data: dict[str, Any]
) -> PartnerProfile:
    """Create or update `organisation`'s profile from cleaned `data` (scalars and M2M lists).

    Fields missing from `data` stay as they are, so partial API updates work.
    """
    check_can_edit_profile(by_user, organisation)
    profile = PartnerProfile.objects.select_for_update().filter(
        organisation=organisation
    ).first() or PartnerProfile(organisation=organisation)
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if "working_languages" in data:
        profile.working_languages = sorted(
            {code.strip().lower() for code in data["working_languages"] if code.strip()}
        )
    if not any(getattr(profile, f"headline_{code}") for code in ("en", "ja", "hi")):
        raise ValidationError({"headline_en": _("Write a headline in at least one language.")})
    if not getattr(profile, f"headline_{profile.original_language}", ""):
        for code in ("en", "ja", "hi"):
            if getattr(profile, f"headline_{code}"):
                profile.original_language = code
                break
    _check_lengths(profile)
    profile.full_clean(exclude=["organisation", "search_vector", "search_text"])
    profile.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(profile, name).set(data[name])
    profile_search_refresh(profile=profile)  # also invalidates the directory's facet counts
    # In this transaction, not after it: the queued run (and its outbox message) commit with
    # the edit, so a broker outage cannot lose the re-match.
    _notify_runs(profile.pk)
    return profile


# ---------------------------------------------------------------- shortlist


def shortlist_add(*, by_user: Any, profile: PartnerProfile, note: str = "") -> ShortlistEntry:
    organisation = check_can_use_matchmaking(by_user)
    if profile.organisation_id == organisation.pk:
        raise ValidationError(_("Your own profile cannot go on your shortlist."))
    entry, created = ShortlistEntry.objects.get_or_create(
        organisation=organisation, profile=profile, defaults={"note": note, "added_by": by_user}
    )
    if not created and note:
        entry.note = note
        entry.save(update_fields=["note", "updated_at"])
    return entry


def _own_entry(by_user: Any, entry_id: int) -> ShortlistEntry:
    organisation = check_can_use_matchmaking(by_user)
    entry = ShortlistEntry.objects.filter(pk=entry_id, organisation=organisation).first()
    if entry is None:
        raise ValidationError(_("That shortlist entry does not exist."))
    return entry


def shortlist_note_update(*, by_user: Any, entry_id: int, note: str) -> ShortlistEntry:
    entry = _own_entry(by_user, entry_id)
    entry.note = note
    entry.full_clean(exclude=["organisation", "profile", "added_by"])
    entry.save(update_fields=["note", "updated_at"])
    return entry


def shortlist_remove(*, by_user: Any, entry_id: int) -> None:
    _own_entry(by_user, entry_id).delete()


# ---------------------------------------------------------------- not interested


@transaction.atomic
def not_interested_mark(*, by_user: Any, other: Organisation) -> NotInterested:
    """Hide `other` from the user's organisation's matches, and vice versa, from now on."""
    organisation = check_can_use_matchmaking(by_user)
    if other.pk == organisation.pk:
        raise ValidationError(_("You cannot mark your own organisation."))
    mark, _created = NotInterested.objects.get_or_create(organisation=organisation, other=other)
    for org in (organisation, other):
        profile_id = (
            PartnerProfile.objects.filter(organisation=org).values_list("pk", flat=True).first()
        )
        if profile_id:
            _notify_runs(profile_id)
    return mark


def profile_view_record(*, profile: PartnerProfile, viewer: Any) -> bool:
    """Count one view of `profile` by someone outside its organisation; True when counted.

    Only the viewer's country is kept, never who. A signed-in viewer counts once per
    PROFILE_VIEW_DEDUP_SECONDS (a cache key that expires, not a stored row), so reloading
    the page does not inflate the owner's figures.
    """
    from django.conf import settings
    from django.core.cache import cache

    country = ""
    if viewer is not None and viewer.is_authenticated:
        if viewer.organisation_id == profile.organisation_id:
            return False
        key = f"mm:pv:{profile.pk}:{viewer.pk}"
        if not cache.add(key, 1, timeout=settings.PROFILE_VIEW_DEDUP_SECONDS):
            return False
        country = viewer.organisation.country if viewer.organisation_id else ""
    ProfileView.objects.create(profile=profile, viewer_country=country)
    return True
