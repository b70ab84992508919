"""Province and national ranking pages, their exports and the printable province report.

Anyone may look (signed in or not); what the figures include is decided by
`selectors.audience_for`: a province's own viewers and platform operators see estimates that
count unverified work, everyone else the verified estimate and the official result."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.public_cache import public_cache
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from rankings import exports
from rankings.forms import RankingFilterForm
from rankings.presentation import charts_data, predicate_rows, trend_series
from rankings.public_data import RANKING_DATA
from rankings.selectors import (
    Audience,
    Level,
    Ranking,
    audience_for,
    latest_official,
    predicate_choices,
    provinces,
    ranking,
    region_official,
    region_snapshot,
    region_trend,
    scope_trend,
)
from regions.selectors import province_for, region_for

EXPORT_FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}
ROWS_PER_PAGE = 100  # the exports and the printable report carry every row


def _page(request: HttpRequest, table: Ranking) -> dict:
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    return {"page": page, "rows": page.object_list}


def _filters(request: HttpRequest) -> tuple[RankingFilterForm, dict]:
    form = RankingFilterForm(request.GET, provinces=provinces(), predicates=predicate_choices())
    return form, form.values()


def _ranking(values: dict, audience: Audience, *, province=None, level=None) -> Ranking:
    return ranking(
        values["year"],
        level or values["level"],
        audience=audience,
        province=province,
        predicate=values["predicate"],
        basis=values["basis"],
        sort=values["sort"],
        descending=values["descending"],
        search=values["search"],
    )


@require_GET
@public_cache(RANKING_DATA)
def national_view(request: HttpRequest) -> HttpResponse:
    form, values = _filters(request)
    province = None
    if values["province_slug"]:
        province = province_for(values["province_slug"])
    audience = audience_for(request.user)
    table = _ranking(values, audience, province=province)
    trend = scope_trend(table.level, province=province, audience=audience)
    context = {
        "form": form,
        "ranking": table,
        "trend": trend,
        "charts": charts_data(table, trend),
        "predicate_rows": predicate_rows(table),
        "query": request.GET.urlencode(),
        **_page(request, table),
    }
    return render(request, "rankings/national.html", context)


@require_GET
@public_cache(RANKING_DATA)
def province_view(request: HttpRequest, province_slug: str) -> HttpResponse:
    province = province_for(province_slug)
    form, values = _filters(request)
    audience = audience_for(request.user)
    table = _ranking(values, audience, province=province, level=Level.KABKOTA)
    trend = scope_trend(Level.KABKOTA, province=province, audience=audience)
    context = {
        "form": form,
        "province": province,
        "ranking": table,
        "trend": trend,
        "show_innovation_trend": any(point.innovations is not None for point in trend),
        "charts": charts_data(table, trend),
        "predicate_rows": predicate_rows(table),
        "own": _own_standing(province, table.year, audience),
        "query": request.GET.urlencode(),
        **_page(request, table),
    }
    return render(request, "rankings/province.html", context)


@require_GET
@public_cache(RANKING_DATA)
def province_report(request: HttpRequest, province_slug: str) -> HttpResponse:
    """A printable report: the whole ranking (no filters but the year), the trend and the
    predicate distribution, laid out for paper."""
    province = province_for(province_slug)
    _form, values = _filters(request)
    audience = audience_for(request.user)
    table = ranking(values["year"], Level.KABKOTA, audience=audience, province=province)
    context = {
        "province": province,
        "ranking": table,
        "trend": scope_trend(Level.KABKOTA, province=province, audience=audience),
        "predicate_rows": predicate_rows(table),
        "own": _own_standing(province, table.year, audience),
    }
    return render(request, "rankings/province_report.html", context)


@require_GET
@public_cache(RANKING_DATA)
def export_view(request: HttpRequest, fmt: str, province_slug: str | None = None) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, values = _filters(request)
    audience = audience_for(request.user)
    if province_slug:
        province = province_for(province_slug)
        table = _ranking(values, audience, province=province, level=Level.KABKOTA)
    else:
        # The filter form only lets a known provinsi through.
        chosen = province_for(values["province_slug"]) if values["province_slug"] else None
        table = _ranking(values, audience, province=chosen)
    response = HttpResponse(exports.ranking_file(table, fmt), content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(table, fmt)}"'
    return response


@require_GET
@public_cache(RANKING_DATA)
def region_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    """One region's standing over the years and its published innovations."""
    region = region_for(region_slug)
    audience = audience_for(request.user)
    private = audience.sees_region(region)
    form, values = _filters(request)
    year = values["year"]
    context = {
        "region": region,
        "year": year,
        "form": form,
        "private": private,
        "snapshot": region_snapshot(region, year),
        "official": latest_official(region, year),
        "trend": region_trend(region, audience=audience),
    }
    context["charts"] = {"trend": trend_series(context["trend"])}
    return render(request, "rankings/region.html", context)


def _own_standing(province, year: int, audience) -> dict:
    """The provinsi's own figures (it is ranked among the 38 provinsi, not with its kab/kota).
    An estimate of a province workspace without innovations is no estimate: it is left out
    rather than shown as 0,00 beside its kab/kota."""
    snapshot = region_snapshot(province, year)
    return {
        "snapshot": snapshot if snapshot is not None and snapshot.innovations else None,
        "official": region_official(province, year),
        "private": audience.sees_estimates_of(province.pk),
    }
