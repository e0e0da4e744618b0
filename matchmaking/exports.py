"""CSV columns of a profile list. Contact columns are filled only through the privacy rule."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from forum.i18n import current_language
from forum.regions import region_name
from matchmaking.models import PartnerProfile
from matchmaking.selectors import contact_for


def profile_csv_header() -> list[str]:
    return [
        _("Organisation"),
        _("Country"),
        _("State / prefecture"),
        _("MSME class"),
        _("Headline"),
        _("Sectors"),
        _("Capabilities offered"),
        _("Capabilities sought"),
        _("Partnership types"),
        _("Certifications held"),
        _("Target markets"),
        _("Working languages"),
        _("Contact name"),
        _("Contact email"),
        _("Contact phone"),
    ]


def _names(terms) -> str:
    return "; ".join(term.name for term in terms.all())


def profile_csv_rows(profiles: Iterable[PartnerProfile], unlocked: set[int]) -> Iterator[list[str]]:

    language = current_language()
    for profile in profiles:
        org = profile.organisation
        contact = contact_for(profile, unlocked) or {"name": "", "email": "", "phone": ""}
        yield [
            org.display_name,
            org.get_country_display(),
            region_name(org.region, language) if org.region else "",
            org.get_msme_class_display(),
            profile.headline,
            _names(profile.sectors),
            _names(profile.capabilities_offered),
            _names(profile.capabilities_sought),
            _names(profile.partnership_types),
            _names(profile.certifications_held),
            _names(profile.target_markets),
            ", ".join(profile.working_languages),
            contact["name"],
            contact["email"],
            contact["phone"],
        ]
