"""Django admin for site-wide models: admins keep the exchange rates that money conversion uses."""

from __future__ import annotations

from django.contrib import admin

from forum.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["as_of", "base", "quote", "rate", "created_by"]
    list_filter = ["base", "quote"]
    date_hierarchy = "as_of"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
