"""Reasons as sentences in the reader's language (en / ja / hi).

The engine stores reasons as data (`{"code": "they_seek", "capabilities": [12, 40]}`) so one
stored run serves readers in every language. Taxonomy names come from a per-process cache
filled by one query and refreshed every few minutes, so rendering a page of matches costs no
query per reason.
"""

from __future__ import annotations

import time

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from forum.i18n import WORKING_LANGUAGES
from matchmaking.engine.features import MAX_POINTS, WEIGHTS
from programs.models.training import Topic

LANGUAGE_NAMES = dict(WORKING_LANGUAGES)

_TAXONOMY = {
    "capabilities": "taxonomy.Capability",
    "certifications": "taxonomy.Certification",
    "markets": "taxonomy.Market",
    "sectors": "taxonomy.Sector",
    "partnership_types": "taxonomy.PartnershipType",
}
_CACHE_SECONDS = 300
_names: dict = {"at": 0.0, "maps": {}}


def taxonomy_names() -> dict[str, dict[int, dict[str, str]]]:
    """{kind: {pk: {"en": …, "ja": …, "hi": …}}} for the five taxonomies, in one query."""
    if _names["maps"] and time.monotonic() - _names["at"] < _CACHE_SECONDS:
        return _names["maps"]
    from django.apps import apps

    parts = []
    for kind, label in _TAXONOMY.items():
        table = apps.get_model(label)._meta.db_table
        parts.append(f"SELECT '{kind}', id, name_en, name_ja, name_hi FROM {table}")
    maps: dict[str, dict[int, dict[str, str]]] = {kind: {} for kind in _TAXONOMY}
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(parts))
        for kind, pk, en, ja, hi in cur.fetchall():
            maps[kind][pk] = {"en": en, "ja": ja or en, "hi": hi or en}
    _names.update(at=time.monotonic(), maps=maps)
    return maps


def forget_taxonomy_names() -> None:
    """Drop the cache (admins renamed a term; tests)."""
    _names.update(at=0.0, maps={})


def _join(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    sep = pgettext("list separator", ", ")
    return sep.join(items[:-1]) + pgettext("list, before the last item", " and ") + items[-1]


def _sentence(reason: dict, names: dict, language: str) -> str | None:
    def term(kind: str, values: list) -> str:
        table = names.get(kind, {})
        return _join([table.get(v, {}).get(language) or str(v) for v in values])

    code = reason.get("code")
    if code == "they_seek":
        return _("They seek %(items)s, which you offer") % {
            "items": term("capabilities", reason["capabilities"])
        }
    if code == "they_offer":
        return _("They offer %(items)s, which you seek") % {
            "items": term("capabilities", reason["capabilities"])
        }
    if code in ("certs_you_hold", "certs_they_hold"):
        held, required = int(reason["held"]), int(reason["required"])
        missing = term("certifications", reason.get("missing", []))
        values = {"held": held, "required": required, "missing": missing}
        if code == "certs_you_hold":
            if held >= required:
                return (
                    ngettext(
                        "You hold the %(required)d certification they require",
                        "You hold all %(required)d certifications they require",
                        required,
                    )
                    % values
                )
            return (
                ngettext(
                    "You hold %(held)d of their %(required)d required certification — %(missing)s missing",
                    "You hold %(held)d of their %(required)d required certifications — %(missing)s missing",
                    required,
                )
                % values
            )
        if held >= required:
            return (
                ngettext(
                    "They hold the %(required)d certification you require",
                    "They hold all %(required)d certifications you require",
                    required,
                )
                % values
            )
        return (
            ngettext(
                "They hold %(held)d of your %(required)d required certification — %(missing)s missing",
                "They hold %(held)d of your %(required)d required certifications — %(missing)s missing",
                required,
            )
            % values
        )
    if code == "shared_sectors":
        return _("Same sector: %(items)s") % {"items": term("sectors", reason["sectors"])}
    if code == "shared_markets":
        return _("Both target %(items)s") % {"items": term("markets", reason["markets"])}
    if code == "shared_languages":
        langs = [str(LANGUAGE_NAMES.get(c, c)) for c in reason["languages"]]
        return _("Both work in %(items)s") % {"items": _join(langs)}
    if code == "shared_partnership_types":
        return _("Both are looking for %(items)s") % {
            "items": term("partnership_types", reason["partnership_types"])
        }
    if code == "training":
        labels = [str(Topic(t).label) if t in Topic.values else t for t in reason["topics"]]
        return _("They completed %(items)s training") % {"items": _join(labels)}
    return None


def render_reasons(reasons: list[dict], language: str) -> list[str]:
    """Sentences for stored reasons in `language`; unknown codes are skipped, not shown raw."""
    if not reasons:
        return []
    names = taxonomy_names()
    with translation.override(language):
        sentences = [_sentence(r, names, language) for r in reasons]
    return [s for s in sentences if s]


def _group_points(reason: dict) -> tuple[str, int]:
    """The reason's group and the points it adds to the score (engine/features.py WEIGHTS)."""
    code = reason.get("code")
    if code in ("they_seek", "they_offer"):
        return "capabilities", WEIGHTS["fit"] * len(reason.get("capabilities", []))
    if code in ("certs_you_hold", "certs_they_hold"):
        held, required = int(reason.get("held", 0)), int(reason.get("required", 0))
        return "certifications", WEIGHTS["cert_held"] * held - WEIGHTS["cert_missing"] * (
            required - held
        )
    counted = {
        "shared_sectors": ("sectors", "sector"),
        "shared_markets": ("markets", "market"),
        "shared_languages": ("languages", "language"),
        "shared_partnership_types": ("partnership_types", "partnership_type"),
    }
    if code in counted:
        key, weight = counted[code]
        return key, WEIGHTS[weight] * len(reason.get(key, []))
    if code == "training":
        return "training", WEIGHTS["training"]
    return "", 0


def reason_bars(reasons: list[dict]) -> list[tuple[str, int]]:
    """(group name in the active language, percent of the full score) per reason group.

    The match page draws one small bar per group so the reader sees at a glance why.
    """
    labels = {
        "capabilities": _("Capabilities"),
        "certifications": _("Certifications"),
        "sectors": _("Sectors"),
        "markets": _("Markets"),
        "languages": _("Languages"),
        "partnership_types": _("Partnership types"),
        "training": _("Training"),
    }
    totals: dict[str, int] = {}
    for reason in reasons or []:
        group, points = _group_points(reason)
        if group:
            totals[group] = totals.get(group, 0) + points
    return [
        (str(labels[group]), max(0, min(100, round(100 * points / MAX_POINTS))))
        for group, points in totals.items()
        if points > 0
    ]
