"""What changed when a published notice was amended: field-by-field, with a word diff of text.

Pure functions over revisions (no queries of their own), so the detail page shows the whole
history with the queries the view already made.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db.models import Field

from programs.models import REVISED_FIELDS, NoticeRevision, PolicyNotice

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    text: str
    op: str  # "same", "added" or "removed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    pieces: list[Piece]


@dataclass(frozen=True)
class Amendment:
    at: datetime
    note: str
    changes: list[FieldChange]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def word_diff(old: str, new: str) -> list[Piece]:
    """Words kept, removed and added, in reading order (difflib over word tokens)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(a[i1:i2]), "same"))
            continue
        if i2 > i1:
            pieces.append(Piece("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            pieces.append(Piece("".join(b[j1:j2]), "added"))
    return pieces


def changes_between(before: Any, after: Any) -> list[FieldChange]:
    changes = []
    for name in REVISED_FIELDS:
        old, new = _text(getattr(before, name)), _text(getattr(after, name))
        if old != new:
            # REVISED_FIELDS are the notice's own columns, never a reverse relation.
            label = str(cast(Field, PolicyNotice._meta.get_field(name)).verbose_name)
            changes.append(FieldChange(name, label, old, new, word_diff(old, new)))
    return changes


def amendments(notice: PolicyNotice, revisions: list[NoticeRevision]) -> list[Amendment]:
    """Newest first: each amendment compares a revision with the text that replaced it."""
    ordered = sorted(revisions, key=lambda r: r.number)
    result = []
    for index, revision in enumerate(ordered):
        after = ordered[index + 1] if index + 1 < len(ordered) else notice
        result.append(
            Amendment(revision.replaced_at, revision.change_note, changes_between(revision, after))
        )
    return list(reversed(result))
