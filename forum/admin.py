"""Django admin for site-wide models: admins keep the exchange rates that money conversion uses.
Also the base the apps' admins share."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist

from forum.models import ExchangeRate


class PortalModelAdmin(admin.ModelAdmin):
    def get_list_select_related(self, request) -> Any:
        """Only the foreign keys the list shows, unless the admin names its own. Django's
        default is select_related() with no arguments, which follows every non-null foreign
        key as deep as it goes (meeting → conversation → introduction → organisations → …);
        a join that wide once got a plan that ran for minutes on a test database."""
        if self.list_select_related is not False:
            return self.list_select_related
        names: list[str] = []
        for name in self.get_list_display(request):
            if not isinstance(name, str):
                continue
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                names.append(name)
        return names


@admin.register(ExchangeRate)
class ExchangeRateAdmin(PortalModelAdmin):
    list_display = ["as_of", "base", "quote", "rate", "created_by"]
    list_filter = ["base", "quote"]
    date_hierarchy = "as_of"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
