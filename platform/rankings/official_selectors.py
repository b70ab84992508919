"""Reads of the official results for the pages: what was imported per year, and one year's
results ranked."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet

from rankings.models import OfficialResult
from regions.models import Region


def official_years() -> list[dict[str, Any]]:
    """Per imported year: how many regions, how many per predicate, the last import."""
    years: dict[int, dict[str, Any]] = {
        row["year"]: {**row, "predicates": []}
        for row in OfficialResult.objects.values("year")
        .annotate(regions=Count("id"), last_imported_at=Max("imported_at"))
        .order_by("-year")
    }
    by_predicate = (
        OfficialResult.objects.values("year", "predicate_label")
        .annotate(n=Count("id"), top=Max("index"))
        .order_by("year", "-top")
    )
    for row in by_predicate:
        years[row["year"]]["predicates"].append((row["predicate_label"], row["n"]))
    return list(years.values())


def official_results(year: int, province: Region | None = None) -> QuerySet[OfficialResult]:
    """The results of one year, ranked (unranked rows after, by index), optionally one province:
    the provinsi itself and its kabupaten/kota."""
    results = OfficialResult.objects.filter(year=year).select_related("region", "imported_by")
    if province is not None:
        results = results.filter(Q(region=province) | Q(region__province=province))
    return results.order_by(
        "rank_scope",
        F("rank").asc(nulls_last=True),
        F("index").desc(nulls_last=True),
        "region__code",
    )
