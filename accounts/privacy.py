"""Data export and account deletion across apps (India's DPDP Act, Japan's APPI).

Each app registers, in its AppConfig.ready(), an exporter (what it holds about a person, as
JSON-ready data) and an eraser (what it must anonymise or delete before the person's row goes).
accounts.services calls them all, so no app needs to know the others.

Each app also declares which models its hooks cover (`register_models`, by model label). A test
walks every installed model with a foreign key to the person or an email field and fails for any
that no hook claims, so a model added next month cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}
_models: dict[str, str] = {}  # model label -> section whose hooks cover it


def register_exporter(section: str, exporter: Exporter) -> None:
    """`exporter(user)` returns JSON-serialisable data placed under `section` in the export."""
    _exporters[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """`eraser(user)` runs inside the deletion transaction, before the user row is deleted."""
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)


def register_models(section: str, labels: list[str]) -> None:
    """Declare that `section`'s exporter and eraser handle the person's rows in these models
    ("app_label.ModelName"): exported, and deleted or anonymised on account deletion."""
    for label in labels:
        _models[label] = section


def covered_models() -> dict[str, str]:
    return dict(_models)
