"""Snapshots and official results in the platform admin: for looking, not editing. Snapshots are
recomputed from the regions' data (refresh_snapshots) and official results come from imports
(/peringkat/hasil-resmi/), so a hand edit would only be overwritten or contradict its source."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rankings.models import IndexSnapshot, OfficialResult
from rankings.official import clear_demo_results


class _ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["region"]
    search_fields = ["region__name", "region__code"]
    list_per_page = 100

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("kode"), ordering="region__code")
    def region_code(self, obj) -> str:
        return obj.region.code

    @admin.display(description=_("daerah"), ordering="region__name")
    def region_name(self, obj) -> str:
        return obj.region.display_name


@admin.register(IndexSnapshot)
class IndexSnapshotAdmin(_ReadOnlyAdmin):
    list_display = [
        "region_code",
        "region_name",
        "year",
        "index",
        "predicate_label",
        "verified_index",
        "innovations",
        "innovations_verified",
        "computed_at",
    ]
    list_filter = ["year", "predicate_label", "region__kind"]
    date_hierarchy = "computed_at"

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a snapshot is recomputed, never removed by hand


@admin.register(OfficialResult)
class OfficialResultAdmin(_ReadOnlyAdmin):
    list_display = [
        "region_code",
        "region_name",
        "year",
        "index",
        "predicate_label",
        "rank",
        "rank_scope",
        "rank_total",
        "status",
        "is_demo",
        "source",
        "imported_at",
        "imported_by",
    ]
    list_filter = ["year", "is_demo", "predicate_label", "region__kind"]
    list_select_related = ["region", "imported_by"]
    actions = ["clear_demo_of_years"]
    # Deleting stays possible: a row imported for the wrong region or year must be removable.

    @admin.action(description=_("Hapus semua hasil demo tahun-tahun baris yang dipilih"))
    def clear_demo_of_years(self, request: HttpRequest, queryset) -> None:
        years = sorted(set(queryset.values_list("year", flat=True)))
        removed = clear_demo_results(years)
        self.message_user(
            request,
            _("%(n)d hasil demo tahun %(years)s dihapus.")
            % {"n": removed, "years": ", ".join(map(str, years))},
        )
