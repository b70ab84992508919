"""Snapshot and official-result rows for ranking tests, written directly: the rankings read only
these public tables, so the tests state exactly what each region's figures are."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from rankings.models import IndexSnapshot, OfficialResult
from regions.models import Region

KALSEL = "provinsi-kalimantan-selatan"
SUMUT = "provinsi-sumatera-utara"
BANDS = (
    (Decimal("65.01"), "sangat-inovatif", "Sangat Inovatif"),
    (Decimal("40.01"), "inovatif", "Inovatif"),
    (Decimal("0.01"), "kurang-inovatif", "Kurang Inovatif"),
    (Decimal("0"), "tidak-dapat-dinilai", "Tidak Dapat Dinilai"),
)


def band(index: Decimal) -> tuple[str, str]:
    for minimum, code, label in BANDS:
        if index >= minimum:
            return code, label
    return BANDS[-1][1], BANDS[-1][2]


def snapshot(slug: str, year: int, index: str, *, verified: str | None = None, **fields):
    """A snapshot whose estimate is `index` and whose verified-only estimate is `verified`."""
    region = Region.objects.get(slug=slug)
    value = Decimal(index)
    public = Decimal(verified if verified is not None else index)
    code, label = band(value)
    public_code, public_label = band(public)
    values = {
        "spd_score": Decimal(10),
        "sid_score": Decimal(20),
        "count_score": Decimal(5),
        "index": value,
        "predicate_code": code,
        "predicate_label": label,
        "verified_index": public,
        "verified_predicate_code": public_code,
        "verified_predicate_label": public_label,
        "innovations": 12,
        "innovations_verified": 7,
        "innovations_counted": 10,
        "innovating_opds": 4,
        "by_stage": {"implementation": 12},
        "by_status": {"verified": 7, "draft": 5},
        "evidence_completeness": Decimal("0.75"),
        "replications_given": 1,
        "replications_received": 0,
        "computed_at": timezone.now(),
        **fields,
    }
    return IndexSnapshot.objects.update_or_create(region=region, year=year, defaults=values)[0]


def official(slug: str, year: int, index: str, **fields):
    region = Region.objects.get(slug=slug)
    value = Decimal(index)
    code, label = band(value)
    values = {
        "index": value,
        "predicate_code": code,
        "predicate_label": label,
        "source": "uji",
        "imported_at": timezone.now(),
        **fields,
    }
    return OfficialResult.objects.update_or_create(region=region, year=year, defaults=values)[0]
