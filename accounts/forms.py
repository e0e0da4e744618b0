"""Forms of accounts: signup (name + role), organisation, membership, preferences, tokens.

Forms validate input only; the writes happen in accounts.services.
"""

from __future__ import annotations

from typing import cast

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrgKind, OrgRole
from forum.i18n import current_language
from forum.regions import localised_region_choices
from forum.timefmt import TIME_ZONE_CHOICES
from taxonomy.models import Sector

LOGO_CONTENT_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}


class SignupForm(AllauthSignupForm):
    """allauth's signup plus the person's name and what kind of organisation they represent."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    signup_kind = forms.ChoiceField(
        label=_("I represent"),
        choices=[
            (OrgKind.MSME, _("an MSME / SME (a business)")),
            (OrgKind.REGULATOR, _("a regulator or government body")),
            (OrgKind.FINANCIER, _("a financier (bank, fund, agency)")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Regulators and financiers are verified by an admin before they publish."),
    )

    field_order = ["full_name", "email", "signup_kind", "password1", "password2"]

    def save(self, request):
        """Keep the language the visitor signed up in, so the site does not switch on login."""
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.signup_kind = self.cleaned_data["signup_kind"]
        language = (translation.get_language() or "").split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["full_name", "signup_kind", "language"])
        return user


def _region_choices() -> list:
    return [
        ("", "—"),
        (_("India"), localised_region_choices("IN", current_language())),
        (_("Japan"), localised_region_choices("JP", current_language())),
    ]


class OrganisationForm(forms.ModelForm):
    """The organisation's details. Identifiers are checked by Organisation.clean()."""

    region = forms.ChoiceField(label=_("State / prefecture"), choices=_region_choices)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "name_ja",
            "name_hi",
            "kind",
            "country",
            "region",
            "city",
            "website",
            "logo",
            "udyam_number",
            "corporate_number",
            "founded_year",
            "employees",
            "annual_turnover",
            "turnover_currency",
            "investment",
            "investment_currency",
        ]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/*"})}
        help_texts = {
            "udyam_number": _("Indian MSMEs: UDYAM-XX-00-0000000 (state, district, 7 digits)."),
            "corporate_number": _("Japanese companies: the 13-digit 法人番号."),
            "investment": _("Used with turnover to work out the Indian MSME class."),
            "region": _("Must be in the organisation's country."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The kind decides verification; changing it means a new organisation.
            del self.fields["kind"]
        self.fields["region"].widget.attrs["data-region-for"] = "id_country"
        self.fields["founded_year"].widget.attrs.update({"min": 1800, "max": 2100})

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            limit = settings.ACCOUNTS_LOGO_MAX_BYTES
            if logo.size > limit:
                raise ValidationError(
                    _("The logo may be at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
                )
            if logo.content_type not in LOGO_CONTENT_TYPES:
                raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
        return logo

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        if year is not None and not 1800 <= year <= 2100:
            raise ValidationError(_("Enter a year between 1800 and 2100."))
        return year


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrgRole.choices)


class _SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.name


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the site"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    sectors = _SectorChoiceField(
        label=_("Sectors of interest"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.initial.get("timezone")
        if current and current not in dict(TIME_ZONE_CHOICES):
            # A zone saved before the list was curated stays selectable until changed.
            cast(forms.ChoiceField, self.fields["timezone"]).choices = [
                *TIME_ZONE_CHOICES,
                (current, current),
            ]
        # The field declared above; `fields` is typed by its base class only.
        cast(_SectorChoiceField, self.fields["sectors"]).queryset = Sector.objects.all()


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("For example the script or system that will use it."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("A code or its start, e.g. org."),
    )
    actor = forms.CharField(label=_("Actor email"), required=False, max_length=254)
    target = forms.CharField(label=_("Target"), required=False, max_length=200)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
