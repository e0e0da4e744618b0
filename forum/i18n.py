"""Field-by-field multilingual text.

A model with `title_en`, `title_ja`, `title_hi` (any subset filled) shows readers their own
language first and otherwise the original (the first language filled, in `original_language`
if the model has it), marked as such.
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


@dataclass(frozen=True)
class LocalText:
    text: str
    language: str
    is_original_fallback: bool  # True when the reader's language was missing

    def __str__(self) -> str:
        return self.text


def current_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in LANGUAGE_CODES else "en"


def pick(obj: Any, field: str, language: str | None = None) -> LocalText:
    """The best text of `field` for `language` (default: the active language)."""
    language = language or current_language()
    wanted = getattr(obj, f"{field}_{language}", "") or ""
    if wanted.strip():
        return LocalText(wanted, language, False)
    original = getattr(obj, "original_language", None)
    order = [original] if original in LANGUAGE_CODES else []
    order += [code for code in LANGUAGE_CODES if code not in order]
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text.strip():
            return LocalText(text, code, True)
    return LocalText("", language, False)


def first_filled_language(values: dict[str, str]) -> str | None:
    for code in LANGUAGE_CODES:
        if (values.get(code) or "").strip():
            return code
    return None
