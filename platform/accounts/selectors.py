"""Reads about people and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import Membership

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def memberships_of_user(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, region__is_active=True)
        .select_related("region", "region__province")
        .order_by("region__code")
    )


def members_of_region(region: Region) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(region=region)
        .select_related("user", "invitation")
        .order_by("role", "user__full_name")
    )
