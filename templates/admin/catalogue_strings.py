"""Strings of the Django admin's index page and of the third-party apps it lists, which the root
catalogue translates (Hindi above all).

Django's admin has little Hindi (no "View site", "Recent actions", "Model name"), and
django-celery-beat, allauth's MFA and DRF's token app name their models in English only. The
root catalogue (LOCALE_PATHS) outranks every app's, so these markers bring those names into
locale/*/django.po, where they get our translations, as `templates/allauth/catalogue_strings.py`
does for allauth. Nothing imports this module.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ADMIN_STRINGS = (
    # the admin's own page furniture (base.html, index.html, app_list.html)
    gettext_noop("View site"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("None available"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    # django.contrib.auth
    gettext_noop("Authentication and Authorization"),
    gettext_noop("groups"),
    # rest_framework.authtoken
    gettext_noop("Auth Token"),
    gettext_noop("Tokens"),
    # django_celery_beat
    gettext_noop("Periodic Tasks"),
    gettext_noop("periodic tasks"),
    gettext_noop("clocked"),
    gettext_noop("crontabs"),
    gettext_noop("intervals"),
    gettext_noop("solar events"),
    # allauth
    gettext_noop("email addresses"),
    gettext_noop("MFA"),
    gettext_noop("authenticators"),
)
