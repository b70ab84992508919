"""The network pages (public site): the national graph and one province's. Anyone may look,
signed in or not; the data are the public catalog and requests between regions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from replication.network.selectors import network_graph, province_by_slug, province_choices


def national_view(request: HttpRequest) -> HttpResponse:
    # The province selector is a plain GET form, so it works without JavaScript.
    chosen = request.GET.get("provinsi", "").strip()
    if chosen:
        if province_by_slug(chosen) is None:
            raise Http404
        return redirect("network:province", province_slug=chosen)
    return _render(request, network_graph(), province=None)


def province_view(request: HttpRequest, province_slug: str) -> HttpResponse:
    province = province_by_slug(province_slug)
    if province is None:
        raise Http404
    return _render(request, network_graph(province), province=province)


def _render(request: HttpRequest, network, *, province) -> HttpResponse:
    context = {
        "network": network,
        "drawing": network.drawing(),
        "province": province,
        "provinces": province_choices(),
    }
    return render(request, "network/network.html", context)
