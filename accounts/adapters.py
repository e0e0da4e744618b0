"""allauth adapter: suspended people cannot sign in."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request: HttpRequest, user, **kwargs):
        if getattr(user, "is_suspended", False):
            messages.error(
                request,
                _("This account is suspended until %(until)s (UTC).")
                % {"until": user.suspended_until.strftime("%Y-%m-%d %H:%M")},
            )
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)
