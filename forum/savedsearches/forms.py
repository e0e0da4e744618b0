from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.savedsearches.models import SearchKind


class SaveSearchForm(forms.Form):
    kind = forms.ChoiceField(choices=SearchKind.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of this search"), max_length=100)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
