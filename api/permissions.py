"""DRF permission classes that defer to accounts.policy, so the API and the pages agree, and the
typed accessors of what they guarantee: the request's region and its signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import User
from accounts.policy import Action, can, may_edit_some_innovation

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from regions.models import Region


class RegionAction(BasePermission):
    """Requires `read_action` (safe methods) or `write_action` in the request's region.

    Set on the view: `read_action = Action.X`, `write_action = Action.Y`."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        region = getattr(request, "region", None)
        if region is None or not request.user or not request.user.is_authenticated:
            return False
        name = "read_action" if request.method in SAFE_METHODS else "write_action"
        action: Action = getattr(view, name)
        return can(request.user, action, region)


class InnovationEditor(BasePermission):
    """Reads need VIEW_REGION; writes need EDIT_INNOVATION for at least the caller's own OPD, so
    leaders and verifiers are refused before their input is even validated."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        region = getattr(request, "region", None)
        if region is None or not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return can(request.user, Action.VIEW_REGION, region)
        return may_edit_some_innovation(request.user, region)


def region_of(request: HttpRequest) -> Region:
    """The region whose site the request came to: core.http.SiteRequest.region, which
    regions.middleware sets on the Django request (None on the public site) and DRF's Request
    reads through to."""
    region: Region | None = getattr(request, "region", None)
    if region is None:
        # Unreachable behind RegionAction and InnovationEditor, which refuse such a request.
        raise PermissionDenied
    return region


def user_of(request: HttpRequest) -> User:
    """The signed-in user of the request."""
    user = request.user
    if not isinstance(user, User):
        # Unreachable behind RegionAction, InnovationEditor and the default IsAuthenticated.
        raise NotAuthenticated
    return user
