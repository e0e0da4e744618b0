"""Form pieces every app shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def limit_lengths(fields: Mapping[str, forms.Field], limits: Mapping[str, int]) -> None:
    """Give each named text field of a form class its longest value: the validator (Django's
    message names the limit and the count), the field's max_length and the input's
    `maxlength`. For fields a ModelForm builds from a TextField, which has no length of its own;
    call it on the class's `base_fields`."""
    for name, limit in limits.items():
        field = fields.get(name)
        if isinstance(field, forms.CharField):
            field.max_length = limit
            field.validators.append(validators.MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)


def max_length_kwargs(limits: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """The same limits as a ModelSerializer's `Meta.extra_kwargs`."""
    return {name: {"max_length": limit} for name, limit in limits.items()}


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
