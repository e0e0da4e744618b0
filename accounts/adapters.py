"""allauth adapter: suspended people cannot sign in; newcomers go on to onboarding."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import user_language_set


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

    def format_email_subject(self, subject: str) -> str:
        """The brand in the recipient's language, then the subject without stray whitespace."""
        return f"[{_('India–Japan SME Forum')}] {' '.join(str(subject).split())}"

    def login(self, request: HttpRequest, user) -> None:
        """The language chosen on the sign-in page (its cookie) wins and becomes the preference."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES) and chosen != user.language:
            user_language_set(user=user, language=chosen)
        super().login(request, user)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """People without an organisation (admins aside) set one up before anything else."""
        user = request.user
        if user.is_authenticated and not user.is_staff and user.organisation_id is None:
            return reverse("onboarding")
        return super().get_login_redirect_url(request)
