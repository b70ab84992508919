"""Pending effects, read-only: what the platform still owes, and why an effect keeps failing.
Rows are applied (and deleted) by the workers; `manage.py run_effects` applies them by hand."""

from __future__ import annotations

from django.contrib import admin

from pipeline.models import PendingEffect


@admin.register(PendingEffect)
class PendingEffectAdmin(admin.ModelAdmin):
    list_display = ("effect", "region", "year", "target", "due_at", "attempts", "recorded_at")
    list_filter = ("effect",)
    search_fields = ("effect", "target", "last_error")
    readonly_fields = [field.name for field in PendingEffect._meta.fields]
    list_select_related = ("region",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
