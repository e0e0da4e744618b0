"""Form pieces every app shares."""

from __future__ import annotations

from django import forms


class BootstrapMixin:
    """Bootstrap classes on every widget (templates cannot use inline styles under the CSP).

    Checkbox lists are left alone: each app lays them out with its own CSS.
    """

    fields: dict[str, forms.Field]  # set by the form class this is mixed into

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
