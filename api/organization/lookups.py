"""Finding a region's OPD unit named in a request body (its id), for any endpoint."""

from __future__ import annotations

from typing import overload

from django.http import Http404

from tenants.organization.models import OpdUnit
from tenants.organization.selectors import opd_unit_get


@overload
def opd_unit_or_404(pk: int) -> OpdUnit: ...
@overload
def opd_unit_or_404(pk: int | None) -> OpdUnit | None: ...
def opd_unit_or_404(pk: int | None) -> OpdUnit | None:
    """The unit with id `pk` in the current region; None when none was named; 404 when it is
    not one of the region's units (ids of other regions' units are simply not there)."""
    if pk is None:
        return None
    unit = opd_unit_get(pk)
    if unit is None:
        raise Http404
    return unit
