"""DRF authentication with the named tokens of the account page (`Authorization: Token <key>`).

Only a SHA-256 of each key is stored, so a leaked database does not leak working keys.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import ApiToken
from accounts.services.people import token_hash

LAST_USED_RESOLUTION_SECONDS = 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request: Request):
        try:
            header = authentication.get_authorization_header(request).split()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        if not header:
            return None
        try:
            # Headers arrive as Latin-1; a key is ASCII, so anything else is a malformed header.
            keyword = header[0].decode("ascii").lower()
            key = header[1].decode("ascii") if len(header) > 1 else ""
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        if keyword not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=token_hash(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        user = token.user
        if not user.is_active or user.is_suspended:
            raise exceptions.AuthenticationFailed(_("This account is suspended."))
        # Staff powers only through a token created for them (in a session that passed MFA).
        user.second_factor_passed = token.grants_staff
        now = timezone.now()
        if (
            token.last_used_at is None
            or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class PortalSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, as DRF's, except that a suspended (or deactivated) account is
    refused as the token scheme refuses it: a session that began before the suspension must
    not go on writing through the API."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if not user.is_active or user.is_suspended:
                raise exceptions.AuthenticationFailed(_("This account is suspended."))
        return result
