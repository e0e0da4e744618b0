"""Admins keep the taxonomy and can look at profiles, introductions and marks."""

from __future__ import annotations

from django.contrib import admin

from matchmaking.models import (
    Capability,
    Certification,
    Introduction,
    Market,
    NotInterested,
    PartnerProfile,
    PartnershipType,
    Sector,
    ShortlistEntry,
)


class TermAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "name_hi", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_en", "name_ja", "name_hi"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Sector)
class SectorAdmin(TermAdmin):
    list_display = [*TermAdmin.list_display, "nic_division", "jsic_division"]


@admin.register(Capability)
class CapabilityAdmin(TermAdmin):
    list_display = [*TermAdmin.list_display, "sector"]
    list_filter = ["sector"]
    list_select_related = ["sector"]


admin.site.register(PartnershipType, TermAdmin)
admin.site.register(Certification, TermAdmin)
admin.site.register(Market, TermAdmin)


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "headline_en", "visibility", "is_sample", "updated_at"]
    list_filter = ["visibility", "is_sample", "organisation__country"]
    search_fields = ["organisation__name_en", "headline_en", "headline_ja", "headline_hi"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    filter_horizontal = [
        "sectors",
        "capabilities_offered",
        "capabilities_sought",
        "partnership_types",
        "certifications_held",
        "certifications_required",
        "target_markets",
    ]


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
