from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import privacy
        from accounts.services import people

        privacy.register_exporter("accounts", people.export_accounts_section)
        privacy.register_eraser("accounts", people.erase_accounts_section)
        privacy.register_models(
            "accounts",
            [
                "accounts.User",
                "accounts.Organisation",
                "accounts.Invitation",
                "accounts.ApiToken",
                "accounts.AuditLog",
                "account.EmailAddress",
                "mfa.Authenticator",
                "admin.LogEntry",
                "authtoken.Token",
                "authtoken.TokenProxy",
                "forum.ExchangeRate",
            ],
        )
