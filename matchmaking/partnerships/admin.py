"""Admin for staff: outcomes and the deal room's records are read, not edited.

Private message bodies are not listed here; moderators read a reported message in the
forum's moderation queue, which shows only what was reported.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist

from matchmaking.partnerships.models import (
    Conversation,
    DealDocument,
    Meeting,
    NdaAcceptance,
    Outcome,
    WorkingHours,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_list_select_related(self, request) -> Any:
        """Only the foreign keys the list shows, unless the admin names its own. Django's
        default is select_related() with no arguments, which follows every non-null foreign
        key as deep as it goes (meeting → conversation → introduction → organisations → …);
        a join that wide once got a plan that ran for minutes on a test database."""
        if self.list_select_related is not False:
            return self.list_select_related
        names: list[str] = []
        for name in self.get_list_display(request):
            if not isinstance(name, str):
                continue
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                names.append(name)
        return names

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
