from __future__ import annotations

from django import forms

from accounts.notifications.kinds import Channel


class PreferencesForm(forms.Form):
    """One choice of channel per kind (built from the registry, so a new kind appears here)."""

    def __init__(self, *args, preferences: list[tuple[str, object, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, label, channel in preferences:
            self.fields[code] = forms.ChoiceField(
                label=str(label), choices=Channel.choices, initial=channel, widget=forms.RadioSelect
            )
