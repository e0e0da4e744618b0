"""Django admin for accounts. The audit log is read-only for everybody, superusers included.

Moderation state (silence, suspension, staff, verification) is read-only here: it changes only
through the services that audit and notify. Authenticators show their type and dates, never the
TOTP secret or recovery codes.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, AuditLog, Invitation, Organisation, User
from accounts.services import organisation_save


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "kind", "country", "region", "verification_status", "msme_class"]
    list_filter = ["kind", "country", "verification_status", "msme_class", "is_sample"]
    search_fields = ["name_en", "name_ja", "name_hi", "slug", "udyam_number", "corporate_number"]
    # Verification goes through the verification queue, so it is mailed and audited.
    readonly_fields = [
        "verification_status",
        "verified_at",
        "verified_by",
        "verification_note",
        "msme_class",
        "created_at",
        "updated_at",
    ]
    prepopulated_fields = {"slug": ["name_en"]}

    def save_model(self, request, obj, form, change) -> None:

        organisation_save(organisation=obj)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "org_role", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "org_role", "language"]
    search_fields = ["email", "full_name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["groups", "user_permissions", "sectors_of_interest"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language", "timezone", "sectors_of_interest")}),
        (_("Organisation"), {"fields": ("organisation", "org_role", "signup_kind")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Moderation"),
            {"fields": ("silenced_until", "suspended_until", "moderation_reason")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = [
        "is_staff",
        "is_superuser",
        "silenced_until",
        "suspended_until",
        "moderation_reason",
        "last_login",
        "date_joined",
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email", "organisation__name_en"]
    readonly_fields = ["token", "sent_at", "accepted_at", "created_at"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["invited_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins may see and revoke tokens; keys are never visible (only hashes are stored)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Which second factors a person has; the secrets in `data` are never shown or edited."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    readonly_fields = ("user", "type", "created_at", "last_used_at")
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
