"""Forms only parse input; every rule is in services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from forum.discussions.models import Board, FlagReason
from forum.discussions.services.common import BODY_MAX_CHARS
from forum.i18n import language_choices


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


_BODY_HELP = _("Markdown: **bold**, *italic*, [links](https://…), > quotes, lists. No images.")


class ThreadForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the thread"), choices=language_choices)
    body = forms.CharField(
        label=_("Your post"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_BODY_HELP,
    )


class ReplyForm(StyledForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_BODY_HELP,
    )
    quoted_post = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(StyledForm):
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 8})
    )


class FlagForm(StyledForm):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=FlagReason.choices)
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @staticmethod
    def reason_options() -> SafeString:
        """The reasons' <option>s, built once for a page that repeats them under every post."""
        return format_html_join("", '<option value="{}">{}</option>', FlagReason.choices)


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search the forum"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=lambda: [("", _("All languages")), *language_choices()],
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (the author will read it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PostActionForm(ReasonForm):
    field_order = ["action", "reason"]
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("hide", _("Hide")), ("restore", _("Restore")), ("approve", _("Approve"))],
    )


class ModeratorEditForm(ReasonForm):
    field_order = ["body", "reason"]
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 8})
    )


class ThreadActionForm(ReasonForm):
    field_order = ["action", "board", "reason"]
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("lock", _("Lock")),
            ("unlock", _("Unlock")),
            ("pin", _("Pin")),
            ("unpin", _("Unpin")),
            ("move", _("Move")),
        ],
    )
    board = forms.ModelChoiceField(
        label=_("Move to board"), queryset=Board.objects.all(), required=False
    )


class PersonActionForm(ReasonForm):
    field_order = ["action", "days", "reason"]
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("silence", _("Silence")),
            ("suspend", _("Suspend")),
            ("block", _("Block and hide everything they posted")),
            ("reinstate", _("Lift the silence or suspension")),
        ],
    )
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=3650, initial=7)

    def until(self):
        return timezone.now() + timedelta(days=self.cleaned_data["days"])
