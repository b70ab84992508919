from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.activation import activate_regions, deactivate_region
from regions.models import Domain, Region


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["domain", "is_primary"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "kind", "province", "slug", "is_active", "activated_at"]
    list_filter = ["is_active", "kind", "province"]
    search_fields = ["name", "code", "slug"]
    readonly_fields = [
        "code",
        "name",
        "kind",
        "province",
        "slug",
        "schema_name",
        "is_active",
        "activated_at",
        "deactivated_at",
    ]
    inlines = [DomainInline]
    actions = ["activate_selected", "deactivate_selected"]
    list_per_page = 100

    @admin.display(description=_("nama"), ordering="name")
    def full_name(self, region: Region) -> str:
        return region.display_name

    def has_add_permission(self, request) -> bool:
        return False  # the 552 regions come from the official list

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deleting a region would strand its schema

    @admin.action(description=_("Aktifkan daerah terpilih"))
    def activate_selected(self, request, queryset):
        report = activate_regions(list(queryset), actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(n)d daerah diaktifkan, %(already)d sudah aktif (%(s).1f detik).",
                "%(n)d daerah diaktifkan, %(already)d sudah aktif (%(s).1f detik).",
                report.changed,
            )
            % {"n": report.changed, "already": len(report.already_active), "s": report.seconds},
            messages.SUCCESS,
        )

    @admin.action(description=_("Nonaktifkan daerah terpilih (data tetap disimpan)"))
    def deactivate_selected(self, request, queryset):
        count = sum(deactivate_region(region, actor=request.user) for region in queryset)
        message = ngettext(
            "%(n)d daerah dinonaktifkan. Datanya tetap tersimpan.",
            "%(n)d daerah dinonaktifkan. Datanya tetap tersimpan.",
            count,
        )
        self.message_user(request, message % {"n": count})
