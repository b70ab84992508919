"""Seeding the demo's rankings: current-year index snapshots of the active regions, and made-up
"official" results of the three previous years for every one of the 546 autonomous pemda, so the province
and national rankings and the trends have something to show.

The official results are demo data and say so: they are marked `is_demo` and their source is
DEMO_SOURCE, as listed on the
official results page for operators (/peringkat/hasil-resmi/). They are generated, not looked up: every region gets a level of its own, a
drift of a few points a year (up for most, down for some) and a little noise, from a generator
seeded with its Kemendagri code, so every machine gets the same figures. The spread resembles a
real assessment: most regions Inovatif, a fair share Sangat Inovatif, some Kurang Inovatif and a
few Tidak Dapat Dinilai (index 0, no national rank). A region that already has an estimate for
the current year (the seeded demo regions) gets a last official result a few points away from
it, so its trend runs on plausibly into the estimate.

Idempotent: every run deletes the rows it wrote before (by their source) and writes them again in
bulk. Results imported for real (any other source) are never touched: that region and year is
left out, and the demo ranks are counted around it."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pipeline.runner import drain
from rankings.models import IndexSnapshot, OfficialResult, RankScope
from regions.models import Region, RegionKind
from rubric.bands import bands_for
from rubric.selectors import rubric_memo
from rubric.years import available_years, current_year
from tenants.scoring.snapshot import refresh

if TYPE_CHECKING:
    pass

DEMO_SOURCE = "Data demo — bukan hasil resmi Kemendagri"
OFFICIAL_YEARS = 3  # official results for this many years before the current one
TWO_PLACES = Decimal("0.01")

# The shape of the made-up results (index points).
LEVEL_MEAN = {RegionKind.PROVINSI: 55.0, RegionKind.KABUPATEN: 49.0, RegionKind.KOTA: 53.0}
LEVEL_SPREAD = 14.0
LEVEL_LIMITS = (6.0, 92.0)
DRIFT_MEAN, DRIFT_SPREAD = 0.9, 2.6  # points per year; about a third of the regions fall
DRIFT_LIMITS = (-4.5, 5.5)
ANCHORED_DRIFT = (0.6, 2.5)  # size of the drift into a current estimate
NOISE = 1.6  # year-to-year wobble around the drift
INDEX_LIMITS = (1.0, 97.0)
# Share of regions that missed one assessment (index 0, "Tidak Dapat Dinilai"): weak ones more.
MISSED_WEAK, MISSED_OTHERS, WEAK_BELOW = 0.20, 0.035, 35.0
# How far the last official result sits from a current estimate, and how often below it.
ANCHOR_GAP = (1.5, 4.5)
ANCHOR_IMPROVING = 0.75


@dataclass
class RankingsSeedReport:
    snapshots: int = 0
    official_results: int = 0
    years: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def seed_rankings(*, year: int | None = None) -> RankingsSeedReport:
    """Refresh the `year` (default: current) snapshot of every active region, then write the
    demo official results of the OFFICIAL_YEARS years before it for every region."""
    report = RankingsSeedReport()
    year = year or current_year()
    if year not in available_years():
        report.skipped.append(f"no rubric for {year}: no snapshots nor official results")
        return report
    with rubric_memo():
        for region in Region.objects.filter(is_active=True).order_by("code"):
            if refresh(region, year, catalog=True) is not None:
                report.snapshots += 1
        drain(only={"catalog.standing"})  # the catalog shows the standings just computed
        report.years = list(range(year - OFFICIAL_YEARS, year))
        anchors = dict(
            IndexSnapshot.objects.filter(year=year, index__gt=0).values_list("region_id", "index")
        )
        # Results are published for autonomous pemda only (not Jakarta's administrative ones).
        regions = list(
            Region.objects.filter(is_autonomous=True).order_by("code").only("pk", "code", "kind")
        )
        rows = official_rows(regions, report.years, anchors)
    report.official_results = write_demo_results(rows, report.years)
    return report


def official_rows(
    regions: Iterable[Region], years: list[int], anchors: dict[int, Decimal] | None = None
) -> list[OfficialResult]:
    """Unsaved demo results of every region for `years` (ranked when written); `anchors`:
    region id -> current estimate, for the regions whose trend should run into it."""
    anchors = anchors or {}
    bands = {year: bands_for(year) for year in years}
    now = timezone.now()
    rows = []
    for region in regions:
        indexes = trajectory(region.code, region.kind, years, anchors.get(region.pk))
        for past, index in indexes.items():
            band = bands[past].band_for(index)
            rows.append(
                OfficialResult(
                    region=region,
                    year=past,
                    index=index,
                    predicate_code=band.code,
                    predicate_label=band.label,
                    source=DEMO_SOURCE,
                    is_demo=True,
                    imported_at=now,
                )
            )
    return rows


def trajectory(
    code: str, kind: str, years: list[int], anchor: Decimal | None = None
) -> dict[int, Decimal]:
    """One region's made-up index per year. Every random draw happens in the same order
    whether or not there is an anchor, so the figures depend on the region's code alone (and on
    its current estimate, for the few regions that have one)."""
    rng = random.Random(f"lumbung-demo-official:{code}")
    level = _clamp(rng.gauss(LEVEL_MEAN.get(kind, 50.0), LEVEL_SPREAD), LEVEL_LIMITS)
    drift = _clamp(rng.gauss(DRIFT_MEAN, DRIFT_SPREAD), DRIFT_LIMITS)
    noise = {year: rng.gauss(0, NOISE) for year in years}
    missed_share = MISSED_WEAK if level < WEAK_BELOW else MISSED_OTHERS
    missed = rng.choice(years) if rng.random() < missed_share else None
    gap = rng.uniform(*ANCHOR_GAP)
    improving = rng.random() < ANCHOR_IMPROVING

    last = years[-1]
    if anchor is not None:
        # The last official result sits a few points from today's estimate, on the side the
        # region's drift leads to it from.
        level = float(anchor) - gap if improving else float(anchor) + gap
        size = _clamp(abs(drift), ANCHORED_DRIFT)
        drift = size if improving else -size
        noise = {year: value / 2 for year, value in noise.items()} | {last: 0.0}
        missed = None
    values = {}
    for year in years:
        if year == missed:
            values[year] = Decimal("0.00")
            continue
        value = level + drift * (year - last) + noise[year]
        values[year] = Decimal(str(_clamp(value, INDEX_LIMITS))).quantize(
            TWO_PLACES, rounding=ROUND_HALF_UP
        )
    return values


def _clamp(value: float, limits: tuple[float, float]) -> float:
    return min(max(value, limits[0]), limits[1])


def national_group(kind: str) -> str:
    """The national award ranks provinsi and kabupaten/kota separately."""
    return "provinsi" if kind == RegionKind.PROVINSI else "kabkota"


def write_demo_results(rows: list[OfficialResult], years: list[int]) -> int:
    """Delete the earlier demo rows of `years` and write `rows` — but never for a year that has
    real results: demo figures must not stand next to published ones (a real import of a year
    removes its demo rows, rankings.official). Ranks: equal indexes share one; index 0 has
    none."""
    with transaction.atomic():
        OfficialResult.objects.filter(year__in=years, is_demo=True).delete()
        real_years = set(
            OfficialResult.objects.filter(year__in=years).values_list("year", flat=True)
        )
        rows = [row for row in rows if row.year not in real_years]
        standings: dict[tuple[int, str], list[Decimal]] = {}
        for row in rows:
            standings.setdefault((row.year, national_group(row.region.kind)), []).append(row.index)
        ranks = {key: _competition_ranks(indexes) for key, indexes in standings.items()}
        for row in rows:
            if row.index > 0:
                group = national_group(row.region.kind)
                row.rank = ranks[(row.year, group)][row.index]
                row.rank_scope = RankScope.PROVINSI if group == "provinsi" else RankScope.KABKOTA
                row.rank_total = len(standings[(row.year, group)])
        OfficialResult.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _competition_ranks(indexes: list[Decimal]) -> dict[Decimal, int]:
    """Index -> rank, "1, 2, 2, 4": equal indexes share the first place they reach."""
    ranks: dict[Decimal, int] = {}
    for position, index in enumerate(sorted(indexes, reverse=True), start=1):
        ranks.setdefault(index, position)
    return ranks
