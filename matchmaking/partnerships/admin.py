"""Admin for staff: outcomes and the deal room's records are read, not edited.

Private message bodies are not listed here; moderators read a reported message in the
forum's moderation queue, which shows only what was reported.
"""

from __future__ import annotations

from django.contrib import admin

from forum.admin import PortalModelAdmin
from matchmaking.partnerships.models import (
    Conversation,
    DealDocument,
    Meeting,
    NdaAcceptance,
    Outcome,
    WorkingHours,
)


class ReadOnlyAdmin(PortalModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "organisation_a",
        "organisation_b",
        "status",
        "created_at",
        "last_message_at",
    ]
    list_filter = ["status"]
    list_select_related = ["organisation_a", "organisation_b"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "conversation", "status", "starts_at", "sequence"]
    list_filter = ["status", "mode"]
    exclude = ["url", "address", "note"]


@admin.register(DealDocument)
class DealDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "conversation", "size", "nda_kind", "revoked_at"]
    exclude = ["file", "nda_file", "token"]


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdmin):
    list_display = [
        "document",
        "organisation",
        "user_label",
        "accepted_at",
        "ip_address",
        "terms_sha256",
    ]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["conversation", "organisation", "kind", "value", "currency", "recorded_at"]
    list_filter = ["kind"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["organisation", "starts", "ends", "timezone"]
