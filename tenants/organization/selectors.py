"""Reads of a region's OPD units. Call inside the region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tenants.organization.models import Facilitator, OpdUnit

if TYPE_CHECKING:
    from regions.models import Region


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


def opd_choices_of(region: Region) -> list[tuple[int, str]]:
    """(id, name) of another region's OPD units, read in that region's schema: the replica of a
    replication is created there, and the requester picks its OPD from a shared page."""
    from django_tenants.utils import tenant_context

    with tenant_context(region):
        return list(OpdUnit.objects.order_by("name").values_list("pk", "name"))
