"""The IID index formula, as pure functions over the parameters of one rubric year.

    SID   = Σ innovation scores ÷ MAX(divisor floor, n)
    count = per-innovation score x MIN(n, cap)   — 0 unless the basic-service gate is met
    total = SPD + SID + count
    index = total ÷ maximum total x 100          (2 decimals, half up)

The parameters are data (RubricYear); nothing here knows a year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rubric.models import RubricYear

TWO_PLACES = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min_index: Decimal


@dataclass(frozen=True)
class FormulaParameters:
    year: int
    sid_divisor_floor: int
    count_score_per_innovation: Decimal
    count_score_cap: int
    basic_service_gate: int | None
    max_total: Decimal
    bands: tuple[Band, ...]  # highest first

    @classmethod
    def of(cls, rubric: RubricYear) -> FormulaParameters:
        bands = tuple(
            Band(band.code, band.label, band.min_index)
            for band in rubric.bands.order_by("-min_index")
        )
        return cls(
            year=rubric.year,
            sid_divisor_floor=rubric.sid_divisor_floor,
            count_score_per_innovation=rubric.count_score_per_innovation,
            count_score_cap=rubric.count_score_cap,
            basic_service_gate=rubric.basic_service_gate,
            max_total=rubric.max_total,
            bands=bands,
        )


@dataclass(frozen=True)
class IndexResult:
    spd_score: Decimal
    innovation_count: int
    sid_divisor: int
    sid_score: Decimal
    count_score: Decimal
    basic_services_covered: int
    count_gate_met: bool
    total: Decimal
    index: Decimal
    predicate_code: str
    predicate_label: str


def indicator_score(option_score: Decimal | None, *, evidence_accepted: bool) -> Decimal:
    """An answer scores its option's score, but only with accepted evidence (the national rule)."""
    if option_score is None or not evidence_accepted:
        return ZERO
    return option_score


def sid_divisor(params: FormulaParameters, innovation_count: int) -> int:
    return max(params.sid_divisor_floor, innovation_count)


def count_gate_met(params: FormulaParameters, basic_services_covered: int) -> bool:
    return params.basic_service_gate is None or basic_services_covered >= params.basic_service_gate


def count_score(
    params: FormulaParameters, innovation_count: int, basic_services_covered: int
) -> Decimal:
    if not count_gate_met(params, basic_services_covered):
        return ZERO
    return params.count_score_per_innovation * min(innovation_count, params.count_score_cap)


def band_of(bands: Sequence[Band], index: Decimal) -> Band:
    """The band of an index among `bands` (highest first): the highest whose minimum it reaches;
    exactly 0 is the band with minimum 0 ("Tidak Dapat Dinilai")."""
    for band in bands:
        if band.min_index == ZERO and index != ZERO:
            continue
        if index >= band.min_index:
            return band
    return bands[-1]


def predicate_for(params: FormulaParameters, index: Decimal) -> Band:
    return band_of(params.bands, index)


def compute_index(
    params: FormulaParameters,
    *,
    spd_score: Decimal,
    innovation_scores: Sequence[Decimal],
    basic_services_covered: int,
) -> IndexResult:
    n = len(innovation_scores)
    divisor = sid_divisor(params, n)
    sid = sum(innovation_scores, ZERO) / divisor
    gate_met = count_gate_met(params, basic_services_covered)
    count = count_score(params, n, basic_services_covered)
    total = spd_score + sid + count
    index = (total / params.max_total * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    band = predicate_for(params, index)
    return IndexResult(
        spd_score=spd_score,
        innovation_count=n,
        sid_divisor=divisor,
        sid_score=sid.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        count_score=count,
        basic_services_covered=basic_services_covered,
        count_gate_met=gate_met,
        total=total.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        index=index,
        predicate_code=band.code,
        predicate_label=band.label,
    )
