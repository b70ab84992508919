"""Worked examples of the IID formula, computed by hand (IID-RUBRIC.md §2)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from rubric.formula import Band, FormulaParameters, compute_index, indicator_score, predicate_for

BANDS_2023 = (
    Band("sangat_inovatif", "Sangat Inovatif", D("60.01")),
    Band("inovatif", "Inovatif", D("35.00")),
    Band("kurang_inovatif", "Kurang Inovatif", D("0.01")),
    Band("tidak_dapat_dinilai", "Tidak Dapat Dinilai", D("0")),
)
BANDS_2026 = (
    Band("sangat_inovatif", "Sangat Inovatif", D("65.01")),
    Band("inovatif", "Inovatif", D("40.01")),
    Band("kurang_inovatif", "Kurang Inovatif", D("0.01")),
    Band("tidak_dapat_dinilai", "Tidak Dapat Dinilai", D("0")),
)
P2023 = FormulaParameters(2023, 10, D("0.38"), 200, None, D("250"), BANDS_2023)
P2026 = FormulaParameters(2026, 12, D("0.38"), 200, 5, D("250"), BANDS_2026)


def test_2023_fewer_than_ten_innovations_are_divided_by_ten():
    # SID = (60+50+40+30)/MAX(10,4) = 18; count = 0.38x4 = 1.52; total = 30+18+1.52 = 49.52
    result = compute_index(
        P2023,
        spd_score=D("30"),
        innovation_scores=[D(60), D(50), D(40), D(30)],
        basic_services_covered=0,
    )
    assert result.sid_divisor == 10
    assert result.sid_score == D("18")
    assert result.count_score == D("1.52")
    assert result.total == D("49.52")
    assert result.index == D("19.81")  # 49.52/250x100 = 19.808
    assert result.predicate_code == "kurang_inovatif"


def test_2023_more_than_ten_innovations_divide_by_their_number():
    # 15 innovations of 80: SID = 1200/15 = 80; count = 0.38x15 = 5.70; total = 50+80+5.7 = 135.7
    result = compute_index(
        P2023, spd_score=D("50"), innovation_scores=[D(80)] * 15, basic_services_covered=6
    )
    assert result.sid_divisor == 15
    assert result.sid_score == D("80")
    assert result.total == D("135.7")
    assert result.index == D("54.28")
    assert result.predicate_label == "Inovatif"


def test_2026_divides_by_at_least_twelve():
    # 10 innovations of 90: SID = 900/12 = 75
    result = compute_index(
        P2026, spd_score=D("40"), innovation_scores=[D(90)] * 10, basic_services_covered=5
    )
    assert result.sid_divisor == 12
    assert result.sid_score == D("75")


def test_2026_count_score_needs_five_of_six_basic_service_affairs():
    scores = [D(90)] * 30
    gated = compute_index(
        P2026, spd_score=D("40"), innovation_scores=scores, basic_services_covered=4
    )
    assert not gated.count_gate_met and gated.count_score == 0
    assert gated.basic_services_covered == 4  # shown on the readiness page
    met = compute_index(
        P2026, spd_score=D("40"), innovation_scores=scores, basic_services_covered=5
    )
    assert met.count_gate_met and met.count_score == D("11.40")  # 0.38 x 30
    # The gate alone moves the index by 11.40/250x100 = 4.56 points.
    assert met.index - gated.index == D("4.56")


def test_count_score_is_capped_at_two_hundred_innovations():
    result = compute_index(
        P2026, spd_score=D("63"), innovation_scores=[D(111)] * 250, basic_services_covered=6
    )
    assert result.count_score == D("76.00")
    assert result.total == D("250")  # 63 + 111 + 76: the maximum
    assert result.index == D("100.00") and result.predicate_code == "sangat_inovatif"


def test_no_innovations_and_no_spd_is_not_assessable():
    result = compute_index(P2026, spd_score=D("0"), innovation_scores=[], basic_services_covered=0)
    assert result.index == 0 and result.predicate_label == "Tidak Dapat Dinilai"


@pytest.mark.parametrize(
    ("params", "index", "expected"),
    [
        (P2023, "60.01", "sangat_inovatif"),
        (P2023, "60.00", "inovatif"),
        (P2023, "35.00", "inovatif"),
        (P2023, "34.99", "kurang_inovatif"),
        (P2023, "0.01", "kurang_inovatif"),
        (P2023, "0", "tidak_dapat_dinilai"),
        (P2026, "65.01", "sangat_inovatif"),
        (P2026, "65.00", "inovatif"),
        (P2026, "40.01", "inovatif"),
        (P2026, "40.00", "kurang_inovatif"),
        (P2026, "0", "tidak_dapat_dinilai"),
    ],
)
def test_predicate_boundaries(params, index, expected):
    assert predicate_for(params, D(index)).code == expected


def test_an_answer_without_accepted_evidence_scores_zero():
    assert indicator_score(D("9"), evidence_accepted=True) == D("9")
    assert indicator_score(D("9"), evidence_accepted=False) == 0
    assert indicator_score(None, evidence_accepted=True) == 0


def test_a_half_way_index_rounds_half_up_not_to_even():
    # SPD 29.62 + SID 0.125/MAX(10,1) = 0.0125 + count 0.38x1 = 0.38 → total 30.0125;
    # 30.0125/250x100 = 12.005 exactly: half-up gives 12.01, half-even would give 12.00.
    result = compute_index(
        P2023, spd_score=D("29.62"), innovation_scores=[D("0.125")], basic_services_covered=0
    )
    assert result.total == D("30.0125")
    assert result.index == D("12.01")


def test_the_shown_sid_and_total_round_half_up_too():
    # 32 innovations, one scoring 1: SID = 1/32 = 0.03125 → 0.0313 (half to even: 0.0312);
    # count 0.38 x 32 = 12.16; total 12.19125 → 12.1913.
    result = compute_index(
        P2023,
        spd_score=D("0"),
        innovation_scores=[D(1)] + [D(0)] * 31,
        basic_services_covered=0,
    )
    assert result.sid_score == D("0.0313")
    assert result.total == D("12.1913")


def test_an_index_below_every_band_is_in_the_lowest():
    # An unrounded 0.004 (it rounds to 0.00) is not yet "Kurang Inovatif" (from 0.01).
    assert predicate_for(P2023, D("0.004")).code == "tidak_dapat_dinilai"
    assert predicate_for(P2026, D("0.004")).code == "tidak_dapat_dinilai"
