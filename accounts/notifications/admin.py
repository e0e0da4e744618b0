from __future__ import annotations

from django.contrib import admin

from accounts.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "channel", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "read_at", "emailed_at", "digested_at"]
