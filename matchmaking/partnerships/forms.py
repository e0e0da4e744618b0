"""HTML forms of partnerships. They only clean input; the services apply the rules.

Times typed into the forms are read in the person's own time zone (the middleware activates
it), so an Indian member types IST and a Japanese member JST.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.currencies import CURRENCY_CHOICES
from forum.discussions.models import FlagReason
from forum.forms import BootstrapMixin
from matchmaking.partnerships.models import DURATIONS, MeetingMode, NdaKind, OutcomeKind

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _when(label, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class MessageForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )


class ReportForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class _SuggestedField(forms.MultipleChoiceField):
    """The suggestions move with the clock, so any well-formed time offered a moment ago is
    still accepted; the service checks it is in the future."""

    def valid_value(self, value: str) -> bool:
        try:
            return datetime.fromisoformat(value).tzinfo is not None
        except (TypeError, ValueError):
            return False


class SlotsForm(BootstrapMixin, forms.Form):
    """Up to three start times, plus any of the suggested ones ticked."""

    slot_1 = _when(_("Time 1"))
    slot_2 = _when(_("Time 2"))
    slot_3 = _when(_("Time 3"))
    suggested = _SuggestedField(
        label=_("Suggested times"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm = forms.BooleanField(
        label=_("I have read the warnings and want to propose these times anyway."),
        required=False,
    )

    def __init__(self, *args, suggestions: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "suggested" is declared above as a MultipleChoiceField.
        cast(forms.MultipleChoiceField, self.fields["suggested"]).choices = list(suggestions)

    def starts(self) -> list[datetime]:
        chosen = [datetime.fromisoformat(value) for value in self.cleaned_data["suggested"]]
        typed = [self.cleaned_data[f"slot_{n}"] for n in (1, 2, 3)]
        return chosen + [value for value in typed if value]


class MeetingForm(SlotsForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_minutes = forms.TypedChoiceField(
        label=_("Length of the meeting"), choices=DURATIONS, coerce=int, initial=45
    )
    mode = forms.ChoiceField(
        label=_("Where"), choices=MeetingMode.choices, initial=MeetingMode.ONLINE
    )
    url = forms.URLField(
        label=_("Meeting link"), required=False, max_length=500, assume_scheme="https"
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Agenda or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["title", "duration_minutes", "mode", "url", "address", "suggested"]


class CounterForm(SlotsForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class RescheduleForm(SlotsForm):
    """New times for an accepted meeting; the other side accepts one of them."""

    note = forms.CharField(label=_("Why it moves"), max_length=2000)


class CancelForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Why it is cancelled"), max_length=2000)


class DocumentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The other side sees the title, size and this description before the NDA."),
    )
    file = forms.FileField(label=_("File (PDF, PNG or JPEG)"))
    nda_kind = forms.ChoiceField(
        label=_("Non-disclosure terms"), choices=NdaKind.choices, initial=NdaKind.STANDARD
    )
    nda_file = forms.FileField(label=_("Your NDA (PDF)"), required=False)


class OutcomeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *OutcomeKind.choices])
    value = forms.DecimalField(
        label=_("Value (optional)"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", "—"), *CURRENCY_CHOICES]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class WorkingHoursForm(BootstrapMixin, forms.Form):
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("Asia/Kolkata", "Asia/Kolkata (IST)"), ("Asia/Tokyo", "Asia/Tokyo (JST)")],
    )
