"""Render Django form fields with Bootstrap 5 classes, labels, help and errors (accessible).

`{% load bootstrap_forms %}` then `{% bootstrap_form form %}` or `{% bootstrap_field field %}`.
Any app may use it; allauth's element templates use it too.
"""

from __future__ import annotations

from django import forms, template

register = template.Library()

_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, _CHOICE_LISTS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CSS = {
    "choices": "form-check-input",
    "checkbox": "form-check-input",
    "select": "form-select",
    "input": "form-control",
    "hidden": "",
}


@register.inclusion_tag("includes/form_field.html")
def bootstrap_field(field: forms.BoundField) -> dict:
    widget = field.field.widget
    kind = _kind(widget)
    classes = set(widget.attrs.get("class", "").split())
    classes.add(_CSS[kind])
    if field.errors:
        classes.add("is-invalid")
        widget.attrs["aria-invalid"] = "true"
    widget.attrs["class"] = " ".join(sorted(c for c in classes if c))
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    if described:
        widget.attrs["aria-describedby"] = " ".join(described)
    return {"field": field, "kind": kind}


@register.inclusion_tag("includes/form_fields.html")
def bootstrap_form(form: forms.BaseForm) -> dict:
    return {"form": form}
