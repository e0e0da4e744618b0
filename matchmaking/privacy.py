"""What matchmaking holds about a person, for data export and account deletion.

Profiles, shortlists and introductions belong to the organisation, not the person; what is
personal is who sent or answered an introduction and who added a shortlist entry, and a
profile's contact details when they name the person.
"""

from __future__ import annotations

from typing import Any

from matchmaking.models import Introduction, PartnerProfile, ShortlistEntry


def export_user(user: Any) -> dict:
    sent = Introduction.objects.filter(requested_by=user).select_related(
        "to_organisation", "partnership_type"
    )
    answered = Introduction.objects.filter(responded_by=user).select_related("from_organisation")
    contacts = PartnerProfile.objects.filter(contact_email__iexact=user.email)
    return {
        "introductions_requested": [
            {
                "to": i.to_organisation.name_en,
                "partnership_type": i.partnership_type.slug,
                "message": i.message,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in sent
        ],
        "introductions_answered": [
            {"from": i.from_organisation.name_en, "status": i.status, "reason": i.decline_reason}
            for i in answered
        ],
        "shortlist_entries_added": [
            {
                "organisation": entry.profile.organisation.name_en,
                "note": entry.note,
                "added_at": entry.created_at.isoformat(),
            }
            for entry in ShortlistEntry.objects.filter(added_by=user)
            .select_related("profile__organisation")
            .order_by("pk")
        ],
        "profile_contacts": [
            {"name": p.contact_name, "email": p.contact_email, "phone": p.contact_phone}
            for p in contacts
        ],
    }


def erase_user(user: Any) -> None:
    """Forget the person: drop their name from their organisation's profile contact."""
    PartnerProfile.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone=""
    )
    Introduction.objects.filter(requested_by=user).update(requested_by=None)
    Introduction.objects.filter(responded_by=user).update(responded_by=None)
    ShortlistEntry.objects.filter(added_by=user).update(added_by=None)
