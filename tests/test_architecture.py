"""The house's dependency order (docs/architecture.md), checked on every import of the product
code, module-level or not: an import may only point down, or stay inside its own app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("forum", "taxonomy", "accounts", "programs", "matchmaking", "digests")

# Lower numbers are lower floors. Apps on one floor do not import each other.
FLOORS = {
    "forum": 0,  # the shared helpers: money, two clocks, languages, markdown, search, API errors
    "taxonomy": 1,
    "accounts": 2,
    "programs": 3,
    "forum.discussions": 3,
    "matchmaking": 4,
    "digests": 5,
    "forum.savedsearches": 5,  # saved searches gather from the domain apps' list selectors
    "forum.home": 6,  # home pages and dashboards: they gather from every domain app
    "site": 7,  # the site's wiring, which gathers every app
}
# Modules of the forum package that wire the site together and so sit on top of everything.
SITE = {
    "forum.urls",
    "forum.views",
    "forum.management.commands.seed_demo",
    "forum.ops.metrics",  # the business gauges read every app's state
}


def _room(module: str) -> str | None:
    if module in SITE:
        return "site"
    for app in sorted(FLOORS, key=len, reverse=True):
        if module == app or module.startswith(f"{app}."):
            return app
    return None


def _product_modules() -> list[tuple[str, Path]]:
    found = []
    for top in PRODUCT:
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            name = ".".join(parts).removesuffix(".__init__")
            found.append((name, path))
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
    return names


def test_every_import_points_down_or_stays_in_its_app():
    wrong = []
    for module, path in _product_modules():
        here = _room(module)
        for line, imported in _imports(path):
            there = _room(imported)
            if there is None or there == here:
                continue
            if FLOORS[there] >= FLOORS[here]:
                wrong.append(
                    f"{path.relative_to(ROOT)}:{line} ({here}) imports {imported} ({there})"
                )
    assert not wrong, "imports against the dependency order:\n" + "\n".join(wrong)


def test_it_finds_an_upward_import(tmp_path):
    """The check above can fail: an accounts module importing matchmaking is caught."""
    module = tmp_path / "probe.py"
    module.write_text("from matchmaking.models import PartnerProfile\n")
    (_line, imported) = _imports(module)[0]
    assert FLOORS[_room(imported)] >= FLOORS[_room("accounts.probe")]


@pytest.mark.django_db
def test_task_names_say_where_the_task_is_defined():
    """`<module>.<function>`: a task's name leads a reader (and a log line) to its code."""
    from forum.celery import app

    app.loader.import_default_modules()
    ours = {
        name: task
        for name, task in app.tasks.items()
        if task.run.__module__.split(".")[0] in PRODUCT
    }
    assert ours
    wrong = {
        name: f"{task.run.__module__}.{task.run.__name__}"
        for name, task in ours.items()
        if name != f"{task.run.__module__}.{task.run.__name__}"
    }
    assert not wrong
