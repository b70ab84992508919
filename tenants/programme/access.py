"""Who may see and run the facilitators' programme: every member of the region reads the
schedule, the events, their materials and minutes (Action.VIEW_REGION); Bappeda runs it
(Action.MANAGE_PROGRAMME). An id that is not one of this region's events (or not of that
event) answers 404. Call inside the region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.policy import Action, require
from tenants.programme.selectors import attendance_get, event_get, material_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.programme.models import Attendance, EventMaterial, LearningEvent


def event_for(
    user: User | AnonymousUser, region: Region, pk: int, *, action: Action = Action.VIEW_REGION
) -> LearningEvent:
    require(user, action, region)
    event = event_get(pk)
    if event is None:
        raise Http404
    return event


def attendance_for(
    user: User | AnonymousUser, region: Region, event_id: int, pk: int
) -> Attendance:
    event = event_for(user, region, event_id, action=Action.MANAGE_PROGRAMME)
    attendance = attendance_get(event, pk)
    if attendance is None:
        raise Http404
    return attendance


def material_for(
    user: User | AnonymousUser,
    region: Region,
    event_id: int,
    pk: int,
    *,
    action: Action = Action.VIEW_REGION,
) -> EventMaterial:
    event = event_for(user, region, event_id, action=action)
    material = material_get(event, pk)
    if material is None:
        raise Http404
    return material
