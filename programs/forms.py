"""HTML forms. Shape and input parsing only; rules live in programs.services."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, MsmeClass
from forum.forms import BootstrapMixin, limit_lengths
from forum.i18n import current_language, language_choices
from forum.regions import localised_region_choices
from programs.models import FundingWindow, PolicyNotice, TrainingProgramme
from programs.services.common import MESSAGE_MAX_CHARS, REASON_MAX_CHARS, text_limits
from taxonomy.models import Sector

ZONE_CHOICES = [
    ("Asia/Kolkata", _("IST (India, UTC+5:30)")),
    ("Asia/Tokyo", _("JST (Japan, UTC+9)")),
    ("UTC", _("UTC")),
]
TEXT_FIELDS = [
    "original_language",
    "title_en",
    "title_ja",
    "title_hi",
    "summary_en",
    "summary_ja",
    "summary_hi",
]
PLACE_FIELDS = ["jurisdiction", "region", "sectors"]


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value):
        """A naive wall-clock time; the form makes it aware in the chosen zone."""
        result = super().to_python(value)
        return timezone.make_naive(result) if result and timezone.is_aware(result) else result


def aware(value: datetime | None, zone: str) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(zone))


class PublishableForm(BootstrapMixin, forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors"),
    )

    fieldsets: list = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = current_language()
        # The model's choices stay fixed for migrations; readers see names in their language.
        region = self.fields.get("region")
        if isinstance(region, forms.ChoiceField):
            region.choices = [
                ("", "—"),
                (_("India"), localised_region_choices("IN", language)),
                (_("Japan"), localised_region_choices("JP", language)),
            ]
        for name in ("original_language", "language"):
            field = self.fields.get(name)
            if isinstance(field, forms.ChoiceField):
                field.choices = language_choices()

    def grouped(self) -> list[tuple[str, list]]:
        """The bound fields by fieldset, for the template (every field exactly once)."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.fieldsets
        ]

    def cleaned_for_service(self) -> tuple[dict, list]:
        fields = self._meta.fields or ()  # every publishable form lists its fields
        data = {k: v for k, v in self.cleaned_data.items() if k in fields}
        sectors = list(data.pop("sectors", []) or [])
        return data, sectors


class NoticeForm(PublishableForm):
    change_note = forms.CharField(
        label=_("What changed (shown to readers when amending)"), required=False, max_length=300
    )
    fieldsets = [
        (_("Text"), [*TEXT_FIELDS, *PolicyNotice.BODY_FIELDS]),
        (
            _("What, where and when"),
            ["kind", *PLACE_FIELDS, "effective_date", "compliance_deadline", "source_url"],
        ),
        (_("Amendment"), ["change_note"]),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_published:
            del self.fields["change_note"]
        else:
            # Readers of an amended notice must learn what changed.
            self.fields["change_note"].required = True

    class Meta:
        model = PolicyNotice
        fields = [
            *TEXT_FIELDS,
            *PolicyNotice.BODY_FIELDS,
            "kind",
            *PLACE_FIELDS,
            "effective_date",
            "compliance_deadline",
            "source_url",
        ]
        widgets = {
            "effective_date": forms.DateInput(attrs={"type": "date"}),
            "compliance_deadline": forms.DateInput(attrs={"type": "date"}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_ja": forms.Textarea(attrs={"rows": 3}),
            "summary_hi": forms.Textarea(attrs={"rows": 3}),
        }


class WindowForm(PublishableForm):
    fieldsets = [
        (_("Text"), TEXT_FIELDS),
        (
            _("What, where and when"),
            ["instrument", *PLACE_FIELDS, "opens_at", "closes_at", "entry_timezone"],
        ),
        (
            _("Money and terms"),
            [
                "currency",
                "amount_min",
                "amount_max",
                "interest_rate_min",
                "interest_rate_max",
                "tenor_months_min",
                "tenor_months_max",
                "guarantee_coverage_pct",
            ],
        ),
        (_("How to apply"), ["apply_url", "apply_through_member_institution"]),
        (
            _("Who may apply"),
            [
                "applicant_countries",
                "foreign_applicants_allowed",
                "msme_classes",
                "max_employees",
                "max_turnover",
                "max_turnover_currency",
                "udyam_required",
                "min_years_in_business",
                "eligibility_notes",
            ],
        ),
    ]

    opens_at = LocalDateTimeField(label=_("Opens"))
    closes_at = LocalDateTimeField(label=_("Closes"))
    entry_timezone = forms.ChoiceField(choices=ZONE_CHOICES, label=_("Time zone of these times"))
    applicant_countries = forms.MultipleChoiceField(
        choices=Country.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Applicant countries (none ticked: both)"),
    )
    msme_classes = forms.MultipleChoiceField(
        choices=MsmeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("MSME classes (none ticked: any)"),
    )

    class Meta:
        model = FundingWindow
        fields = [
            *TEXT_FIELDS,
            "instrument",
            *PLACE_FIELDS,
            "currency",
            "amount_min",
            "amount_max",
            "interest_rate_min",
            "interest_rate_max",
            "tenor_months_min",
            "tenor_months_max",
            "guarantee_coverage_pct",
            "opens_at",
            "closes_at",
            "entry_timezone",
            "apply_url",
            "apply_through_member_institution",
            "applicant_countries",
            "foreign_applicants_allowed",
            "msme_classes",
            "max_employees",
            "max_turnover",
            "max_turnover_currency",
            "udyam_required",
            "min_years_in_business",
            "eligibility_notes",
        ]
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_ja": forms.Textarea(attrs={"rows": 3}),
            "summary_hi": forms.Textarea(attrs={"rows": 3}),
            "eligibility_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not self.is_bound:
            zone = ZoneInfo(instance.entry_timezone or "Asia/Kolkata")
            self.initial["opens_at"] = instance.opens_at.astimezone(zone).replace(tzinfo=None)
            self.initial["closes_at"] = instance.closes_at.astimezone(zone).replace(tzinfo=None)

    def clean(self) -> dict:
        super().clean()  # ModelForm's, which returns `cleaned_data` itself
        data = self.cleaned_data
        zone = data.get("entry_timezone") or "Asia/Kolkata"
        for name in ("opens_at", "closes_at"):
            if data.get(name):
                data[name] = aware(data[name], zone)
        return data


class ProgrammeForm(PublishableForm):
    fieldsets = [
        (_("Text"), [*TEXT_FIELDS, "body"]),
        (
            _("What, where and when"),
            ["provider_name", "topic", "language", "mode", "place", *PLACE_FIELDS],
        ),
    ]

    class Meta:
        model = TrainingProgramme
        fields = [
            *TEXT_FIELDS,
            "provider_name",
            "body",
            "topic",
            "language",
            "mode",
            "place",
            *PLACE_FIELDS,
        ]


class SessionForm(BootstrapMixin, forms.Form):
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    zone = forms.ChoiceField(choices=ZONE_CHOICES, label=_("Time zone"))
    capacity = forms.IntegerField(min_value=1, max_value=10000, label=_("Places"))

    def clean(self) -> dict:
        super().clean()  # Form's, which returns `cleaned_data` itself
        data = self.cleaned_data
        zone = data.get("zone") or "Asia/Kolkata"
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = aware(data[name], zone)
        return data


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal (readers see it)"),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("PDF attachment (up to 10 MB)"))


class InterestForm(BootstrapMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the financier"),
        required=False,
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# A ModelForm's summaries and bodies come from TextFields, which have no length of their own.
for _form in (NoticeForm, WindowForm, ProgrammeForm):
    limit_lengths(_form.base_fields, text_limits())
