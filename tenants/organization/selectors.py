"""Reads of a region's OPD units. Call inside the region's schema."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.organization.models import Facilitator, OpdUnit


def opd_unit_list(*, search: str = "", kind: str = "") -> QuerySet[OpdUnit]:
    queryset = OpdUnit.objects.order_by("name")
    if search:
        queryset = queryset.filter(name__icontains=search)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def opd_unit_get(unit_id: int) -> OpdUnit | None:
    return OpdUnit.objects.filter(pk=unit_id).first()


def facilitator_get(unit_id: int, facilitator_id: int) -> Facilitator | None:
    """A facilitator of one OPD (None when the id belongs to another OPD or does not exist)."""
    return Facilitator.objects.filter(pk=facilitator_id, opd_id=unit_id).first()


def facilitator_list(*, opd_id: int | None = None) -> QuerySet[Facilitator]:
    queryset = Facilitator.objects.select_related("opd").order_by("opd__name", "name", "pk")
    if opd_id is not None:
        queryset = queryset.filter(opd_id=opd_id)
    return queryset
