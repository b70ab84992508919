"""DRF permission classes that defer to accounts.policy, so the API and the pages agree."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.policy import Action, can, may_edit_some_innovation


class RegionAction(BasePermission):
    """Requires `read_action` (safe methods) or `write_action` in the request's region.

    Set on the view: `read_action = Action.X`, `write_action = Action.Y`."""

    def has_permission(self, request, view) -> bool:
        region = getattr(request, "region", None)
        if region is None or not request.user or not request.user.is_authenticated:
            return False
        action: Action = view.read_action if request.method in SAFE_METHODS else view.write_action
        return can(request.user, action, region)


class InnovationEditor(BasePermission):
    """Reads need VIEW_REGION; writes need EDIT_INNOVATION for at least the caller's own OPD, so
    leaders and verifiers are refused before their input is even validated."""

    def has_permission(self, request, view) -> bool:
        region = getattr(request, "region", None)
        if region is None or not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return can(request.user, Action.VIEW_REGION, region)
        return may_edit_some_innovation(request.user, region)
