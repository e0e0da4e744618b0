"""Admins keep the vocabularies: names in three languages, order, codes."""

from __future__ import annotations

from django.contrib import admin

from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector


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
