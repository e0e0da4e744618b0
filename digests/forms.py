"""The preferences form (the API validates the same fields with its serializer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Country
from digests.models import DigestPreference
from forum.forms import tag_picker
from forum.i18n import current_language
from forum.regions import localised_region_choices
from programs.models.funding import Instrument

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def instrument_choices() -> list[tuple[str, StrOrPromise]]:  # lazily translated labels
    return list(Instrument.choices)


def region_choices() -> list[tuple[StrOrPromise, list[tuple[str, str]]]]:
    """Both countries' 83 states and prefectures, grouped by country for the tag picker and
    named in the reader's language when the form is shown."""
    language = current_language()
    return [
        (label, localised_region_choices(country=code, language=language))
        for code, label in Country.choices
    ]


PREFERENCE_FIELDS = [
    "frequency",
    "include_notices",
    "include_windows",
    "include_programmes",
    "include_matches",
    "include_threads",
    "sectors",
    "countries",
    "regions",
    "instruments",
]


class PreferenceForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=Country.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for both."),
    )
    regions = forms.MultipleChoiceField(
        label=_("States / prefectures"),
        choices=region_choices,
        required=False,
        widget=tag_picker(
            placeholder=_("Type a state or a prefecture…"),
            no_results=_("No state or prefecture matches."),
        ),
        help_text=_("Leave empty for all. Nation-wide items are always included."),
    )
    instruments = forms.MultipleChoiceField(
        label=_("Funding instruments"),
        choices=instrument_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for all."),
    )

    class Meta:
        model = DigestPreference
        fields = PREFERENCE_FIELDS
        widgets = {"sectors": forms.CheckboxSelectMultiple}
        help_texts = {
            "frequency": _("Digests arrive at 08:00 in your own time zone."),
            "sectors": _("Leave empty for every sector."),
        }
