"""Every model and app of the portal names itself in the reader's language.

The Django admin (and every form label, filter and error that quotes a model) shows these names;
a model without its own translated `verbose_name_plural` reads "組織s" to a Japanese admin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "hi")


def _is_project(path: str) -> bool:
    resolved = Path(path).resolve()
    return resolved.is_relative_to(ROOT) and ".venv" not in resolved.parts


PROJECT_APPS = [config for config in apps.get_app_configs() if _is_project(config.path)]
PROJECT_MODELS = [model for config in PROJECT_APPS for model in config.get_models()]


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def test_the_walk_sees_every_project_app():
    labels = {config.label for config in PROJECT_APPS}
    assert {
        "forum",
        "taxonomy",
        "accounts",
        "notifications",
        "matchmaking",
        "matchruns",
        "partnerships",
        "programs",
        "digests",
        "discussions",
        "savedsearches",
        "home",
    } <= labels
    assert len(PROJECT_MODELS) > 60


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_its_own_names_in_japanese_and_hindi(model):
    meta = model._meta
    own = meta.original_attrs  # what the model's Meta (or an abstract parent's) sets
    assert "verbose_name" in own, f"{meta.label}: Meta.verbose_name is not set"
    assert "verbose_name_plural" in own, f"{meta.label}: Meta.verbose_name_plural is not set"
    english = _in("en", meta.verbose_name), _in("en", meta.verbose_name_plural)
    for language in LANGUAGES:
        translated = _in(language, meta.verbose_name), _in(language, meta.verbose_name_plural)
        assert translated[0] != english[0], f"{meta.label}: no {language} for {english[0]!r}"
        assert translated[1] != english[1], f"{meta.label}: no {language} for {english[1]!r}"


@pytest.mark.parametrize("config", PROJECT_APPS, ids=lambda c: c.label)
def test_every_app_has_its_name_in_japanese_and_hindi(config):
    english = _in("en", config.verbose_name)
    for language in LANGUAGES:
        assert _in(language, config.verbose_name) != english, (config.label, language)


def test_the_audit_log_names_its_target_types_in_the_readers_language():
    from accounts.templatetags.accounts_tags import model_label
    from programs.models import ExpressionOfInterest

    with translation.override("ja"):
        assert model_label("programs.expressionofinterest") == str(
            ExpressionOfInterest._meta.verbose_name
        )
        assert model_label("programs.expressionofinterest") != "expression of interest"
    assert model_label("gone.model") == "gone.model"
    assert model_label("") == ""
