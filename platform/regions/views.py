from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render

from core.public_cache import PublicData, public_cache
from regions.models import Region, RegionKind
from regions.selectors import region_list, regions_by_province

if TYPE_CHECKING:
    from core.http import SiteRequest


@public_cache(PublicData(models=(Region,)))
def public_home(request: SiteRequest) -> HttpResponse:
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
