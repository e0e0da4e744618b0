from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    """The site package as an app, so shared template tags, commands and models load."""

    name = "forum"
    verbose_name = _("Portal")
