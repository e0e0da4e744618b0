"""The Django admin behind the same door as the rest of the portal: allauth's login and MFA.

Django's own admin login checks a password and nothing else, and is not rate-limited. Here the
admin's login page sends visitors to allauth's (rate limits, second factor; allauth's
`secure_admin_login`), and the admin opens only for staff whose session passed MFA.
"""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.permissions import acts_as_staff


class PortalAdminSite(admin.AdminSite):
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
