"""Reads of a region's OPD units. Call inside the region's schema."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.organization.models import OpdUnit


def opd_unit_list(*, search: str = "", kind: str = "") -> QuerySet[OpdUnit]:
    queryset = OpdUnit.objects.order_by("name")
    if search:
        queryset = queryset.filter(name__icontains=search)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def opd_unit_get(unit_id: int) -> OpdUnit | None:
    return OpdUnit.objects.filter(pk=unit_id).first()
