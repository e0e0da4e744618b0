"""The Django admin behind the same door as the rest of the portal: allauth's login and MFA.

Django's own admin login checks a password and nothing else, and is not rate-limited. Here the
admin's login page sends visitors to allauth's (rate limits, second factor; allauth's
`secure_admin_login`), and the admin opens only for staff whose session passed MFA.
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import acts_as_staff

# Third-party models that name themselves in plain English (no gettext), so no catalogue can
# translate them; their Meta is not ours to change (that would be a migration of their app).
UNTRANSLATED_PLURALS = {"mfa.authenticator": gettext_lazy("authenticators")}


class PortalAdminSite(admin.AdminSite):
    # The portal's name in the reader's language, not "Django administration".
    site_header = gettext_lazy("India–Japan SME Forum administration")
    site_title = gettext_lazy("India–Japan SME Forum")

    def _build_app_dict(self, request: HttpRequest, label: Any = None) -> dict[str, Any]:
        app_dict = super()._build_app_dict(request, label)
        for app in [app_dict] if label else app_dict.values():
            for model in app.get("models", ()):
                plural = UNTRANSLATED_PLURALS.get(model["model"]._meta.label_lower)
                if plural is not None:
                    model["name"] = capfirst(plural)
        return app_dict

    def has_permission(self, request: HttpRequest) -> bool:
        return acts_as_staff(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if not request.user.is_authenticated:
            # allauth's decorator redirects visitors to its own login (with ?next=).
            return secure_admin_login(super().login)(request, extra_context)
        if not self.has_permission(request):
            # Never fall through to Django's password form: that would sign in without MFA.
            raise PermissionDenied(
                _("The admin needs a staff account whose session passed two-factor authentication.")
            )
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        return HttpResponseRedirect(next_url or reverse("admin:index", current_app=self.name))
