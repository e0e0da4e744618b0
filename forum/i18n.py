"""Field-by-field multilingual text.

A model with `title_en`, `title_ja`, `title_hi` (any subset filled) shows readers their own
language first, then English, then the original (`original_language` if the model has it,
otherwise the first language filled), marked with that language's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "ja", "hi")
# The languages content is written in, each named in itself (as in settings.LANGUAGES).
LANGUAGE_CHOICES = [("en", "English"), ("ja", "日本語"), ("hi", "हिन्दी")]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)

# ISO 639-1 codes offered as working languages, most common on the forum first, named in the
# reader's language.
WORKING_LANGUAGES = [
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("hi", _("Hindi")),
    ("ta", _("Tamil")),
    ("te", _("Telugu")),
    ("mr", _("Marathi")),
    ("gu", _("Gujarati")),
    ("bn", _("Bengali")),
    ("pa", _("Punjabi")),
    ("kn", _("Kannada")),
    ("zh", _("Chinese")),
    ("ko", _("Korean")),
]


WORKING_LANGUAGE_NAMES = dict(WORKING_LANGUAGES)


def language_name(code: str | None) -> str:
    """A language's name in the reader's language ("英語" for "en" to a Japanese reader)."""
    if not code:
        return ""
    name = WORKING_LANGUAGE_NAMES.get(code)
    return str(name) if name is not None else code


def language_choices() -> list[tuple[str, str]]:
    """The three content languages named in the reader's language (for forms and filters)."""
    return [(code, language_name(code)) for code in LANGUAGE_CODES]


@dataclass(frozen=True)
class LocalText:
    text: str
    language: str
    is_original_fallback: bool  # True when the reader's language was missing
    is_original: bool = True  # False when a fallback shows a translation (English)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def __str__(self) -> str:
        return self.text


def current_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in LANGUAGE_CODES else "en"


def pick(obj: Any, field: str, language: str | None = None) -> LocalText:
    """The best text of `field` for `language` (default: the active language).

    Order: the reader's language, English, the original, any other filled language.
    """
    language = language or current_language()
    wanted = getattr(obj, f"{field}_{language}", "") or ""
    if wanted.strip():
        return LocalText(wanted, language, False)
    original = getattr(obj, "original_language", None)
    order = ["en"]
    if original in LANGUAGE_CODES and original not in order:
        order.append(original)
    order += [code for code in LANGUAGE_CODES if code not in order]
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text.strip():
            is_original = original not in LANGUAGE_CODES or code == original
            return LocalText(text, code, True, is_original)
    return LocalText("", language, False)


def first_filled_language(values: dict[str, str]) -> str | None:
    for code in LANGUAGE_CODES:
        if (values.get(code) or "").strip():
            return code
    return None
