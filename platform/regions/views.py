from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.policy import Action, can, role_in
from regions.models import Region, RegionKind
from regions.selectors import region_home_summary, region_list, regions_by_province


def public_home(request: HttpRequest) -> HttpResponse:
    """The public site's home: every region, grouped by province, searchable by name."""
    search = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("jenis", "")
    if kind not in RegionKind.values:
        kind = ""
    regions = region_list(search=search, kind=kind)
    context = {
        "groups": regions_by_province(regions),
        "search": search,
        "kind": kind,
        "kinds": RegionKind.choices,
        "match_count": len(regions),
    }
    template = "regions/_region_groups.html" if request.htmx else "regions/public_home.html"
    return render(request, template, context)


def region_home(request: HttpRequest) -> HttpResponse:
    """A region's home for its members."""
    region = request.region
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, Action.VIEW_REGION, region):
        raise PermissionDenied
    from rubric.years import current_year
    from tenants.dashboard.selectors import index_summary

    role = role_in(request.user, region)
    context = {
        "summary": region_home_summary(region),
        "role_label": Role(role).label if role else None,
        "index": index_summary(current_year()),
    }
    if region.is_province:
        context.update(_province_standing(request, region))
    return render(request, "regions/region_home.html", context)


def _province_standing(request: HttpRequest, province: Region) -> dict[str, object]:
    """What a provinsi's home shows of its kab/kota: the latest ranking's predicates and leaders."""
    from rankings.presentation import predicate_rows
    from rankings.selectors import Level, audience_for, ranking, ranking_years

    years = ranking_years()
    if not years:
        return {}
    table = ranking(years[0], Level.KABKOTA, audience=audience_for(request.user), province=province)
    return {
        "province_ranking": table,
        "province_predicates": predicate_rows(table),
        "province_leaders": table.ranked[:3],
    }
