"""HTML forms of matchmaking. They only clean input; services apply the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.forms import BootstrapMixin, limit_lengths, tag_picker
from forum.i18n import WORKING_LANGUAGES, language_choices
from matchmaking.models import TERM_FIELDS, PartnerProfile
from matchmaking.services.profiles import TEXT_LIMITS
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector


class _Terms(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def _capabilities(label) -> _Terms:
    """A searchable tag picker (static/js/tagpicker.js) over a plain <select multiple>."""
    return _Terms(
        queryset=Capability.objects.select_related("sector"),
        required=False,
        label=label,
        help_text=_("Type to search; choose as many as apply. Grouped by sector."),
        widget=tag_picker(
            placeholder=_("Type a capability or a sector…"), no_results=_("No capability matches.")
        ),
    )


def grouped_capability_choices() -> list:
    """Capabilities under their sector's name, so 126 options stay readable."""
    groups: dict[str, list] = {}
    for capability in Capability.objects.select_related("sector"):
        groups.setdefault(capability.sector.name, []).append((capability.pk, capability.name))
    return list(groups.items())


def _terms(model, label) -> _Terms:
    return _Terms(
        queryset=model.objects.all(),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


class ProfileForm(BootstrapMixin, forms.ModelForm):
    sectors = _terms(Sector, _("Sectors"))
    capabilities_offered = _capabilities(_("Capabilities you offer"))
    capabilities_sought = _capabilities(_("Capabilities you seek"))
    partnership_types = _terms(PartnershipType, _("Partnership types you seek"))
    certifications_held = _terms(Certification, _("Certifications you hold"))
    certifications_required = _terms(Certification, _("Certifications you require of a partner"))
    target_markets = _terms(Market, _("Target markets"))
    working_languages = forms.MultipleChoiceField(
        choices=WORKING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working languages"),
    )

    class Meta:
        model = PartnerProfile
        fields = [
            "headline_en",
            "headline_ja",
            "headline_hi",
            "description_en",
            "description_ja",
            "description_hi",
            "original_language",
            *TERM_FIELDS,
            "working_languages",
            "visibility",
            "open_to_same_country",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ja": forms.Textarea(attrs={"rows": 4}),
            "description_hi": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "contact_name": _(
                "Shown only to organisations whose introduction request you accepted."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grouped = grouped_capability_choices()
        original_language = self.fields["original_language"]
        if isinstance(original_language, forms.ChoiceField):
            original_language.choices = language_choices()
        # The two `_Terms` fields declared above; `fields` is typed by its base class only.
        cast(_Terms, self.fields["capabilities_offered"]).choices = grouped
        cast(_Terms, self.fields["capabilities_sought"]).choices = grouped


limit_lengths(ProfileForm.base_fields, TEXT_LIMITS)


class IntroductionRequestForm(BootstrapMixin, forms.Form):
    partnership_type = forms.ModelChoiceField(
        queryset=PartnershipType.objects.all(), label=_("Partnership type")
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and why you would like to meet. No contact details needed."),
    )


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ShortlistNoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Private note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
