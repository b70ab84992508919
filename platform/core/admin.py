from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_platform_admin
from core.models import AuditEvent

# The Django admin is the platform operator's console: only platform admins may enter it.
admin.site.site_header = _("Lumbung Inovasi · Admin platform")
admin.site.site_title = _("Admin platform")
admin.site.index_title = _("Pengelolaan platform")
# Replaces the check on the default site instance (mypy only allows overriding methods in a
# subclass).
admin.site.has_permission = lambda request: is_platform_admin(request.user)  # type: ignore[method-assign]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "event_type", "actor", "region"]
    list_filter = ["event_type"]
    search_fields = ["event_type", "actor__email", "region__name"]
    readonly_fields = ["occurred_at", "event_type", "actor", "region", "data"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
