from __future__ import annotations

from django.contrib import admin

from digests.models import Delivery, DigestPreference, DigestRun


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "bounced_email", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    filter_horizontal = ["sectors"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "now", "started_at", "finished_at", "created", "batches", "recovered"]
    readonly_fields = ["now", "started_at", "finished_at", "created", "batches", "recovered"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "period", "status", "attempts", "error", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "run"]
    list_select_related = ["user"]
