from __future__ import annotations

from django.contrib import admin

from replication.catalog import search_vocabulary
from replication.catalog.models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Platform admins add what visiting regions type (abbreviations, regional words) on top of
    the reviewed vocabulary file; every process reads them within a minute."""

    list_display = ["terms", "note", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["terms", "note"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        search_vocabulary.forget()
