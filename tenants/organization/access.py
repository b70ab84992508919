"""Who may see and manage the region's OPD units and their facilitators: the one rule its pages and
API ask. Every member of the region reads them; managing them is `Action.MANAGE_OPD` (region
admins). An id that is not one of this region's units (or not a facilitator of that unit)
answers 404. Call inside the region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.policy import Action, require
from tenants.organization.selectors import facilitator_get, facilitator_list, opd_unit_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.organization.models import Facilitator, OpdUnit


def unit_for(
    user: User | AnonymousUser, region: Region, pk: int, *, action: Action = Action.VIEW_REGION
) -> OpdUnit:
    """OPD unit `pk` for `user` wanting to `action` it: PermissionDenied when they may not, 404
    when there is no such unit."""
    require(user, action, region)
    unit = opd_unit_get(pk)
    if unit is None:
        raise Http404
    return unit


def facilitator_for(
    user: User | AnonymousUser,
    region: Region,
    pk: int,
    *,
    unit_id: int | None = None,
    action: Action = Action.VIEW_REGION,
) -> Facilitator:
    """Facilitator `pk` (of OPD unit `unit_id`, when given) for `user` wanting to `action` it."""
    require(user, action, region)
    if unit_id is None:
        facilitator = facilitator_list().filter(pk=pk).first()
    else:
        facilitator = facilitator_get(unit_id, pk)
    if facilitator is None:
        raise Http404
    return facilitator
