"""DRF permission classes that defer to accounts.policy, so the API and the pages agree."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.policy import Action, can


class RegionAction(BasePermission):
    """Requires `read_action` (safe methods) or `write_action` in the request's region.

    Set on the view: `read_action = Action.X`, `write_action = Action.Y`."""

    def has_permission(self, request, view) -> bool:
        region = getattr(request, "region", None)
        if region is None or not request.user or not request.user.is_authenticated:
            return False
        action: Action = view.read_action if request.method in SAFE_METHODS else view.write_action
        return can(request.user, action, region)
