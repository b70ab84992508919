"""The region dashboard and the readiness ("siap kirim") screen. Thin: the numbers come from
tenants.dashboard.selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.policy import Action, can, require
from rubric.years import available_years, resolve_year
from tenants.dashboard.selectors import (
    GAP_KIND_LABELS,
    opd_choices,
    readiness_page,
    region_dashboard,
)
from tenants.innovations.access import visible_opd_id

if TYPE_CHECKING:
    from core.http import RegionRequest


@login_required
def dashboard_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = resolve_year(request.GET.get("year"))
    dashboard = region_dashboard(user=request.user, region=region, year=year)
    context = {
        "dashboard": dashboard,
        "year": year,
        "years": available_years(),
        "own_opd_only": visible_opd_id(request.user, region) is not None,
        "can_view_history": can(request.user, Action.VIEW_HISTORY, region),
    }
    return render(request, "dashboard/index.html", context)


@login_required
def readiness_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = resolve_year(request.GET.get("year"))
    opd = request.GET.get("opd", "")
    page = readiness_page(
        user=request.user,
        region=region,
        year=year,
        opd_id=int(opd) if opd.isdigit() else None,
        kind=request.GET.get("kind", ""),
    )
    context = {
        "page": page,
        "year": year,
        "years": available_years(),
        "opds": opd_choices(user=request.user, region=region),
        "kinds": list(GAP_KIND_LABELS.items()),
        "kind_labels": GAP_KIND_LABELS,
        "own_opd_only": visible_opd_id(request.user, region) is not None,
    }
    template = "dashboard/_readiness_body.html" if request.htmx else "dashboard/readiness.html"
    return render(request, template, context)
