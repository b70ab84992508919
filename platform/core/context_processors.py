from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from accounts.policy import Action, can, is_platform_admin, role_in


def site_context(request: HttpRequest) -> dict[str, object]:
    """What the layout needs on every page: the current region, the user's role in it and the
    navigation entries that role may use."""
    region = getattr(request, "region", None)
    user = getattr(request, "user", None)
    context: dict[str, object] = {
        "current_region": region,
        "base_domain": settings.BASE_DOMAIN,
        "is_platform_admin": is_platform_admin(user),
    }
    if region is not None:
        context["nav_ranking_url"] = _ranking_url(region)
    if region is not None and user is not None and user.is_authenticated:
        context.update(
            current_role=role_in(user, region),
            nav_can_view_region=can(user, Action.VIEW_REGION, region),
            nav_can_manage_members=can(user, Action.MANAGE_MEMBERS, region),
            nav_can_manage_webhooks=can(user, Action.MANAGE_WEBHOOKS, region),
            nav_can_manage_opd=can(user, Action.MANAGE_OPD, region),
            nav_can_view_history=can(user, Action.VIEW_HISTORY, region),
            nav_can_manage_calls=can(user, Action.MANAGE_CALLS, region),
            nav_can_judge=can(user, Action.JUDGE_CALLS, region),
            nav_can_see_reporting=can(user, Action.VIEW_ALL_INNOVATIONS, region),
        )
    return context


def _ranking_url(region) -> str:
    """A provinsi's ranking link opens its kab/kota ranking; a kab/kota's opens its own page."""
    from django.urls import reverse

    from regions.models import RegionKind

    if region.kind == RegionKind.PROVINSI:
        return reverse("rankings:province", args=[region.slug])
    return reverse("rankings:region", args=[region.slug])
