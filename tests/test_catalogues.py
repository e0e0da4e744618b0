"""Every catalogue is complete: no untranslated and no fuzzy entry in Japanese or Hindi."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_there_is_a_catalogue_per_language_per_app():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == {"ja", "hi"}
    assert len(CATALOGUES) >= 14


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {path.name}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {path.name}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_their_placeholders(path):
    """A msgstr that drops or renames %(name)s would raise or lie at run time."""
    names = re.compile(r"%\((\w+)\)[sd]|\{\{ *(\w+) *\}\}")
    for entry in polib.pofile(str(path)).translated_entries():
        wanted = {m.group(0) for m in names.finditer(entry.msgid)}
        if not entry.msgid_plural:
            have = {m.group(0) for m in names.finditer(entry.msgstr)}
            assert have == wanted, (entry.msgid, entry.msgstr)
            continue
        # A plural's forms are formatted with the same mapping: each may use any name of the
        # singular or the plural (Hindi's first form also covers zero, so it names the count).
        wanted |= {m.group(0) for m in names.finditer(entry.msgid_plural)}
        for text in entry.msgstr_plural.values():
            have = {m.group(0) for m in names.finditer(text)}
            assert have <= wanted, (entry.msgid, text)


def test_every_catalogue_is_compiled():
    for path in CATALOGUES:
        compiled = path.with_suffix(".mo")
        assert compiled.exists(), compiled


BRAND = {"ja": "日印中小企業フォーラム", "hi": "भारत–जापान एसएमई फ़ोरम"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_brand_has_one_name_per_language(path):
    brand = BRAND[path.parts[-3]]
    for entry in polib.pofile(str(path)).translated_entries():
        if "India–Japan SME Forum" in entry.msgid:
            assert brand in entry.msgstr, (entry.msgid, entry.msgstr)
