from __future__ import annotations

from django.contrib import admin

from forum.savedsearches.models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user", "created_at", "last_checked_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
