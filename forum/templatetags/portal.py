"""Template filters and tags shared by every app: money, two clocks, languages, markdown.

Loaded as a builtin, so templates use them without `{% load %}`:
`{{ amount|money:"INR" }}`, `{{ amount|money_words:"JPY" }}`, `{{ amount|converted:"INR" }}`,
`{{ dt|dual_time }}`, `{{ dt|deadline }}`, `{{ obj|localtext:"title" }}`, `{{ body|markdown }}`,
`{% region_name code %}`.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forum import i18n, timefmt
from forum import money as money_mod
from forum.markdown import render_markdown
from forum.regions import region_name as _region_name

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "INR") -> str:
    return money_mod.money(amount, currency) if amount is not None else ""


@register.filter
def money_words(amount: Decimal | None, currency: str = "INR") -> str:
    return money_mod.money_words(amount, currency) if amount is not None else ""


@register.filter
def money_full(amount: Decimal | None, currency: str = "INR") -> str:
    return money_mod.money_full(amount, currency) if amount is not None else ""


@register.filter
def converted(amount: Decimal | None, currency: str = "INR") -> str:
    """'≈ 2.7億円 at the rate of 2026-11-20' in the other currency, or '' without a rate."""
    if amount is None:
        return ""
    result = money_mod.convert(amount, currency, money_mod.other_currency(currency))
    return str(result) if result else ""


@register.filter
def dual_time(value, tz=None) -> str:
    return timefmt.dual_time(value, tz)


@register.filter
def deadline(value, tz=None) -> str:
    return timefmt.deadline(value, tz)


@register.filter
def localtext(obj, field: str) -> i18n.LocalText:
    return i18n.pick(obj, field)


@register.simple_tag
def localised(obj, field: str) -> str:
    """The text in the reader's language, or a fallback marked with its language's name.

    The text carries its `lang` so browsers pick the font and screen readers the voice.
    """
    picked = i18n.pick(obj, field)
    if not picked.is_original_fallback:
        return format_html('<span lang="{}">{}</span>', picked.language, picked.text)
    if picked.is_original:
        title = _("Shown in the original language")
        label = _("original: %(language)s") % {"language": picked.language_name}
    else:
        title = _("Not yet written in your language")
        label = _("%(language)s version") % {"language": picked.language_name}
    return format_html(
        '<span lang="{}">{}</span> <span class="badge text-bg-light border" title="{}">{}</span>',
        picked.language,
        picked.text,
        title,
        label,
    )


@register.filter
def percent(value: float | Decimal | None) -> str:
    """A 0–1 score as a whole percentage in the reader's number format: 0.27 -> "27%"."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


@register.filter
def language_name(code: str | None) -> str:
    """A language code named in the reader's language: "ja" -> "Japanese" / "日本語" / "जापानी"."""
    return i18n.language_name(code)


@register.filter
def markdown(source: str | None) -> str:
    return mark_safe(render_markdown(source))


@register.simple_tag
def region_name(code: str) -> str:
    return _region_name(code, i18n.current_language())


@register.simple_tag
def org_name(organisation, link: bool = True) -> str:
    """An organisation's name in the reader's language, with its verified badge where earned."""
    if organisation is None:
        return ""
    from django.urls import reverse

    picked = i18n.pick(organisation, "name")
    name = format_html(
        '<span lang="{}">{}</span>', picked.language, picked.text or organisation.name_en
    )
    badge = (
        format_html(
            ' <span class="badge badge-verified" title="{}">✓ {}</span>',
            _("Verified by the forum's admins"),
            _("Verified"),
        )
        if getattr(organisation, "is_verified", False)
        else ""
    )
    if link:
        url = reverse("organisation_detail", kwargs={"slug": organisation.slug})
        return format_html('<a href="{}">{}</a>{}', url, name, badge)
    return format_html("{}{}", name, badge)
