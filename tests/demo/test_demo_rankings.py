"""The demo's rankings: current-year snapshots of the seed regions, and made-up official results
of three earlier years for every region, varied, ranked, honestly labelled, the same on every
run, and never overwriting results imported for real."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from itertools import pairwise

import pytest
from django.utils import timezone

from lumbung.demo.people import DEMO_REGIONS
from lumbung.demo.rankings import DEMO_SOURCE, national_group, seed_rankings
from lumbung.demo.services import seed_demo
from rankings.models import IndexSnapshot, OfficialResult
from regions.models import Region, RegionKind
from rubric.bands import bands_for
from rubric.years import current_year
from tests.conftest import region_by_slug

FIELDS = ("region_id", "year", "index", "predicate_code", "predicate_label", "rank")


def official_rows() -> set[tuple]:
    return set(OfficialResult.objects.values_list(*FIELDS, "source"))


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    return seed_rankings()


def test_the_demo_ranks_every_region_over_three_years_around_the_seed_estimates(demo):
    year = current_year()
    assert demo.years == [year - 3, year - 2, year - 1]
    assert demo.skipped == []

    # Every autonomous pemda, active or not, has its three official years, each marked as demo
    # data; Jakarta's administrative kabupaten/kota have none (they are not ranked as pemda).
    per_region = Counter(OfficialResult.objects.values_list("region_id", flat=True))
    assert len(per_region) == Region.objects.filter(is_autonomous=True).count() == 546
    assert not OfficialResult.objects.filter(region__code__startswith="31.").exists()
    assert OfficialResult.objects.filter(is_demo=False).count() == 0
    assert set(per_region.values()) == {3}
    assert set(OfficialResult.objects.values_list("year", flat=True)) == set(demo.years)
    assert set(OfficialResult.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    assert demo.official_results == 3 * 546  # autonomous pemda only

    # The active seed regions have their current-year snapshot.
    active = Region.objects.filter(slug__in=DEMO_REGIONS, is_active=True)
    assert active.count() == len(DEMO_REGIONS)
    snapshots = {
        snapshot.region.slug: snapshot
        for snapshot in IndexSnapshot.objects.filter(year=year, region__in=active).select_related(
            "region"
        )
    }
    assert set(snapshots) == set(DEMO_REGIONS)
    assert demo.snapshots >= len(DEMO_REGIONS)

    # Predicates follow the bands of each result's own year (rubric/data/predicate-bands.yaml).
    for result in OfficialResult.objects.all():
        assert result.predicate_code == bands_for(result.year).band_for(result.index).code
        assert Decimal(0) <= result.index <= Decimal(100)

    # A believable spread nationally, and more than one predicate in every seed province.
    for past in demo.years:
        spread = Counter(
            OfficialResult.objects.filter(year=past).values_list("predicate_code", flat=True)
        )
        assert spread.most_common(1)[0][0] == "inovatif"
        # At least one in ten Sangat Inovatif, also in a year whose band starts at 65.01 (2025).
        assert spread["sangat-inovatif"] >= 0.10 * 546
        assert spread["kurang-inovatif"] > 0
        assert 0 < spread["tidak-dapat-dinilai"] <= 0.05 * 546
        for province in ("provinsi-sumatera-utara", "provinsi-kalimantan-selatan"):
            predicates = OfficialResult.objects.filter(
                year=past, region__province__slug=province
            ).values_list("predicate_code", flat=True)
            assert len(set(predicates)) > 1, (province, past)
    seed_provinces = {
        region.province.slug
        for region in Region.objects.filter(slug__in=DEMO_REGIONS, province__isnull=False)
    }
    assert len(seed_provinces) == 3
    for province in seed_provinces:
        predicates = OfficialResult.objects.filter(region__province__slug=province).values_list(
            "predicate_code", flat=True
        )
        assert len(set(predicates)) > 1, province

    # Regions drift: some improve, some fall between the first and the last year.
    first, last = demo.years[0], demo.years[-1]
    by_region: dict[int, dict[int, Decimal]] = {}
    for region_id, past, index in OfficialResult.objects.values_list("region_id", "year", "index"):
        by_region.setdefault(region_id, {})[past] = index
    changes = [
        values[last] - values[first]
        for values in by_region.values()
        if values[first] > 0 and values[last] > 0
    ]
    assert sum(1 for change in changes if change > 0) > 0.4 * len(changes)
    assert sum(1 for change in changes if change < 0) > 0.1 * len(changes)

    # National ranks: within provinsi and within kabupaten+kota, by index; index 0 is unranked.
    for past in demo.years:
        for group in ("provinsi", "kabkota"):
            results = [
                result
                for result in OfficialResult.objects.filter(year=past).select_related("region")
                if national_group(result.region.kind) == group
            ]
            ranked = sorted((r for r in results if r.index > 0), key=lambda r: -r.index)
            assert [r.rank for r in ranked][:1] == [1]
            for higher, lower in pairwise(ranked):
                assert higher.rank <= lower.rank
            assert all(r.rank is None for r in results if r.index == 0)
            # Said as what it is: among provinsi, or among kabupaten/kota, out of how many.
            scope = "provinsi" if group == "provinsi" else "kabupaten_kota"
            assert {r.rank_scope for r in ranked} == {scope}
            assert {r.rank_total for r in ranked} == {len(results)}
            expected = 38 if group == "provinsi" else 508  # 415 kabupaten + 93 kota
            assert len(results) == expected

    # The seed kabupaten/kota's last official result is near their estimate, not equal to it.
    for slug, snapshot in snapshots.items():
        if snapshot.region.kind == RegionKind.PROVINSI or snapshot.index == 0:
            continue
        official = OfficialResult.objects.get(region=snapshot.region, year=last).index
        assert official != snapshot.index
        assert abs(official - snapshot.index) <= 5, slug

    # Deterministic: running it again gives the very same results (and replaces, never adds).
    before = official_rows()
    again = seed_rankings()
    assert again.official_results == 3 * 546
    assert official_rows() == before


def test_a_year_with_real_results_gets_no_demo_results(db):
    year = current_year() - 1
    karo = region_by_slug("karo")
    seed_rankings()
    assert OfficialResult.objects.filter(year=year, is_demo=True).count() == 546
    OfficialResult.objects.filter(region=karo, year=year).delete()
    OfficialResult.objects.create(
        region=karo,
        year=year,
        index=Decimal("99.90"),
        predicate_code="sangat-inovatif",
        predicate_label="Sangat Inovatif",
        rank=1,
        rank_scope="kabupaten_kota",
        source="BSKDN (impor)",
        imported_at=timezone.now(),
    )
    report = seed_rankings()
    # The seed leaves that year to the published results alone; the other years keep theirs.
    assert report.official_results == 2 * 546
    assert list(OfficialResult.objects.filter(year=year).values_list("source", flat=True)) == [
        "BSKDN (impor)"
    ]
    assert OfficialResult.objects.filter(is_demo=True).exclude(year=year).count() == 2 * 546
