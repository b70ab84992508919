"""The network pages (public site): the national graph and one province's. Anyone may look,
signed in or not; the data are the public catalog and requests between regions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.policy import Action, can, require
from regions.selectors import province_for
from replication.network.selectors import (
    network_graph,
    network_summary,
    province_choices,
)
from replication.network.suggestions import suggestions_for


def national_view(request: HttpRequest) -> HttpResponse:
    # The province selector is a plain GET form, so it works without JavaScript.
    chosen = request.GET.get("provinsi", "").strip()
    if chosen:
        province_for(chosen)  # an unknown provinsi is not found
        return redirect("network:province", province_slug=chosen)
    return _render(request, network_graph(), province=None)


def province_view(request: HttpRequest, province_slug: str) -> HttpResponse:
    province = province_for(province_slug)
    return _render(request, network_graph(province), province=province)


def _render(request: HttpRequest, network, *, province) -> HttpResponse:
    context = {
        "network": network,
        "drawing": network.drawing(),
        "province": province,
        "provinces": province_choices(),
    }
    return render(request, "network/network.html", context)


def summary_fragment(request: HttpRequest) -> HttpResponse:
    """The network's totals and most active regions, of the nation or of one province
    (?provinsi=): the section the ranking pages load into themselves (htmx), so rankings never
    read replication data."""
    chosen = request.GET.get("provinsi", "").strip()
    province = None
    if chosen:
        province = province_for(chosen)
    context = {"network": network_summary(province), "province": province}
    return render(request, "network/_summary.html", context)


@login_required
def suggestions_fragment(request: HttpRequest) -> HttpResponse:
    """The region's replication suggestions: the section its dashboard loads into itself (htmx),
    so the region's pages never read the catalog. Members of the region only."""
    region = getattr(request, "region", None)
    if region is None:
        raise Http404
    require(request.user, Action.VIEW_REGION, region)
    context = {
        "suggestions": suggestions_for(region),
        "can_request": can(request.user, Action.MANAGE_REPLICATION, region),
    }
    return render(request, "network/_suggestions.html", context)
