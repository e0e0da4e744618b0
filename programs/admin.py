"""Admin views: for looking things up; publishing goes through the site's own pages."""

from __future__ import annotations

from django.contrib import admin

from programs.models import (
    Enrolment,
    ExpressionOfInterest,
    FundingWindow,
    NoticeRevision,
    PolicyNotice,
    TrainingProgramme,
    TrainingSession,
)


class PublishableAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "status", "published_at", "amended_at", "is_sample"]
    list_filter = ["status", "is_sample", "jurisdiction"]
    search_fields = ["title_en", "title_ja", "title_hi"]
    list_select_related = ["organisation"]
    readonly_fields = ["published_at", "amended_at", "withdrawn_at"]


admin.site.register(PolicyNotice, PublishableAdmin)
admin.site.register(FundingWindow, PublishableAdmin)
admin.site.register(TrainingProgramme, PublishableAdmin)


@admin.register(NoticeRevision)
class NoticeRevisionAdmin(admin.ModelAdmin):
    list_display = ["notice", "number", "replaced_at", "change_note"]
    list_select_related = ["notice"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["programme", "starts_at", "capacity"]
    list_select_related = ["programme"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "session", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation", "session__programme"]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "window", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["organisation", "window"]
