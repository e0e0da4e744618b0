"""The admin's app config, kept apart from `accounts.apps` (which Django reads for one config)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Installs `accounts.admin_site.PortalAdminSite` as `admin.site` (allauth login + MFA)."""

    default_site = "accounts.admin_site.PortalAdminSite"
