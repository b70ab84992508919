"""The request as the views of this product receive it, for the type checker: the middlewares add
the region resolved from the host (regions.middleware), and django-htmx its details.

`RegionRequest` is a request on a region's site, whose views are behind a sign-in
(`login_required`) or an explicit check of `request.user.is_authenticated`; `SiteRequest` is any
request (the public site, where there is no region)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User
    from regions.models import Region


class SiteRequest(HttpRequest):
    region: Region | None
    htmx: HtmxDetails


class RegionRequest(HttpRequest):
    region: Region
    user: User  # behind a sign-in: never AnonymousUser
    htmx: HtmxDetails
