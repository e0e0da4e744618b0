"""Admins manage boards here; moderation itself happens in the queue (it needs reasons,
audit entries and author notices, which plain admin edits would skip), so the rest is read-only."""

from __future__ import annotations

from django.contrib import admin

from forum.admin import PortalModelAdmin
from forum.discussions.models import Board, Flag, ModerationNotice, Post, Thread


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "name_hi", "slug", "is_qa", "is_public", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "position", "is_qa", "is_public", "is_sample"]}),
        ("English", {"fields": ["name_en", "description_en"]}),
        ("日本語", {"fields": ["name_ja", "description_ja"]}),
        ("हिन्दी", {"fields": ["name_hi", "description_hi"]}),
    ]


class _ReadOnly(PortalModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(_ReadOnly):
    list_display = ["title", "board", "language", "is_visible", "is_locked", "is_pinned"]
    list_filter = ["board", "language", "is_locked", "is_pinned"]
    search_fields = ["title"]
    list_select_related = ["board"]


@admin.register(Post)
class PostAdmin(_ReadOnly):
    list_display = ["id", "thread", "author", "status", "open_flag_count", "created_at"]
    list_filter = ["status"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author", "quoted_post"]


@admin.register(Flag)
class FlagAdmin(_ReadOnly):
    list_display = ["post", "target_type", "target_id", "flagger", "reason", "status", "created_at"]
    list_filter = ["reason", "status", "target_type"]
    list_select_related = ["post", "flagger", "target_type"]


@admin.register(ModerationNotice)
class ModerationNoticeAdmin(_ReadOnly):
    list_display = ["recipient", "action", "subject", "created_at", "sent_at"]
    list_select_related = ["recipient"]
