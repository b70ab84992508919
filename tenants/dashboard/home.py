"""A region's home for its members: who is in it, its OPD units, this year's estimated index
and, for a provinsi, how its kab/kota stand in the latest ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.policy import Action, can, role_in
from rankings.presentation import predicate_rows
from rankings.selectors import Level, audience_for, ranking, ranking_years
from rubric.years import current_year
from tenants.dashboard.selectors import index_summary, region_home_summary

if TYPE_CHECKING:
    from core.http import RegionRequest
    from regions.models import Region


def region_home(request: RegionRequest) -> HttpResponse:
    """A region's home for its members."""
    region = request.region
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, Action.VIEW_REGION, region):
        raise PermissionDenied
    role = role_in(request.user, region)
    index = index_summary(current_year())
    context: dict[str, object] = {
        "summary": region_home_summary(region),
        "role_label": Role(role).label if role else None,
        "index": index if index is not None and index.has_innovations else None,
        "index_year": index.year if index is not None else None,
    }
    if region.is_province:
        # A provinsi's home is first about its kab/kota; its own workspace score only once it
        # has innovations of its own.
        context.update(_province_standing(request, region))
    return render(request, "dashboard/region_home.html", context)


def _province_standing(request: RegionRequest, province: Region) -> dict[str, object]:
    """What a provinsi's home shows of its kab/kota: the latest ranking's predicates and leaders."""
    years = ranking_years()
    if not years:
        return {}
    table = ranking(years[0], Level.KABKOTA, audience=audience_for(request.user), province=province)
    return {
        "province_ranking": table,
        "province_predicates": predicate_rows(table),
        "province_leaders": table.ranked[:3],
    }
