"""Admins look at profiles, introductions and marks (the vocabularies are in `taxonomy`)."""

from __future__ import annotations

from django.contrib import admin

from matchmaking.models import (
    TERM_FIELDS,
    Introduction,
    NotInterested,
    PartnerProfile,
    ShortlistEntry,
)


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "headline_en", "visibility", "is_sample", "updated_at"]
    list_filter = ["visibility", "is_sample", "organisation__country"]
    search_fields = ["organisation__name_en", "headline_en", "headline_ja", "headline_hi"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    filter_horizontal = list(TERM_FIELDS)


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["from_organisation", "to_organisation", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["from_organisation", "to_organisation"]
    raw_id_fields = ["from_organisation", "to_organisation", "requested_by", "responded_by"]
    readonly_fields = ["request_mailed_at", "response_mailed_at"]


@admin.register(NotInterested)
class NotInterestedAdmin(admin.ModelAdmin):
    list_display = ["organisation", "other", "created_at"]
    list_select_related = ["organisation", "other"]
    raw_id_fields = ["organisation", "other"]


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "profile", "created_at"]
    list_select_related = ["organisation", "profile__organisation"]
    raw_id_fields = ["organisation", "profile", "added_by"]
