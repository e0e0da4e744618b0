"""Form pieces every app shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def tag_picker(*, placeholder: StrOrPromise, no_results: StrOrPromise) -> forms.SelectMultiple:
    """The widget of a long multiple-choice field (more than ~30 options): a plain
    <select multiple> that static/js/tagpicker.js turns into a searchable Tom Select, grouped by
    the choices' optgroups. The page includes "includes/tag_picker_assets.html" in its head."""
    return forms.SelectMultiple(
        attrs={
            "size": 12,
            "class": "form-select",
            "data-tag-picker": "",
            "data-placeholder": placeholder,
            "data-no-results": no_results,
            "data-remove-label": _("Remove"),
        }
    )
