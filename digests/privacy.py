"""What the digests app holds about a person, for data export and account deletion."""

from __future__ import annotations

from digests.models import Delivery, DigestPreference


def export(user) -> dict:
    preference = DigestPreference.objects.filter(user=user).prefetch_related("sectors").first()
    return {
        "preference": None
        if preference is None
        else {
            "frequency": preference.frequency,
            "include_notices": preference.include_notices,
            "include_windows": preference.include_windows,
            "include_programmes": preference.include_programmes,
            "include_matches": preference.include_matches,
            "include_threads": preference.include_threads,
            "sectors": [s.slug for s in preference.sectors.all()],
            "countries": preference.countries,
            "regions": preference.regions,
            "instruments": preference.instruments,
            "bounced_email": preference.bounced_email,
            "unsubscribed_at": preference.unsubscribed_at.isoformat()
            if preference.unsubscribed_at
            else None,
        },
        "deliveries": [
            {
                "kind": d.kind,
                "period": d.period.isoformat(),
                "status": d.status,
                "email": d.email,
                "items": d.item_count,
                "finished_at": d.finished_at.isoformat() if d.finished_at else None,
            }
            for d in Delivery.objects.filter(user=user).order_by("period")
        ],
    }


def erase(user) -> None:
    """Deliveries carry the address they went to: remove them with the preference."""
    Delivery.objects.filter(user=user).delete()
    DigestPreference.objects.filter(user=user).delete()
