"""Read-only admin views of runs (the staff page at /partners/runs/ is where runs are started)."""

from __future__ import annotations

from django.contrib import admin

from matchmaking.runs.models import MatchRun


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["profile"]
    raw_id_fields = ["profile", "requested_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
