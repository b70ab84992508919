"""Whole-region worked examples for each year with a formula (2023, 2026), computed by hand from
the rubric data: what an answer scores (weight x level, only with accepted evidence), which
innovations are eligible (complete profile), the SID divisor floor, the count score and its
basic-service gate, and the rounding of the index. The innovations are built in memory; the
rubric is the one loaded from rubric/data."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from rubric.selectors import year_rubric
from tenants.assessment.models import Report
from tenants.innovations.models import Innovation
from tenants.scoring.compute import score_region
from tenants.scoring.selectors import AnswerFacts, ReportFacts, YearFacts
from tests.registry.helpers import DESIGN_300

ACCEPTED, PENDING, REJECTED = {"accepted": 1}, {"pending": 1}, {"rejected": 1}


def _innovation(pk: int, affair: str, *, design: str = DESIGN_300) -> Innovation:
    return Innovation(
        pk=pk,
        name=f"INOVASI {pk}",
        stage="implementation",
        initiator="opd",
        is_digital=True,
        form="public_service",
        affair=affair,
        implemented_on=datetime.date(2025, 3, 1),
        design=design,
        goals="Tujuan.",
        benefits="Manfaat.",
        results="Hasil.",
    )


def _report(year: int, innovation: Innovation, answers: dict[str, tuple[int, dict]]):
    report = Report(pk=innovation.pk, year=year, innovation=innovation)
    return ReportFacts(
        report,
        {
            code: AnswerFacts(code, "", level, evidence)
            for code, (level, evidence) in answers.items()
        },
    )


def _facts(year: int) -> YearFacts:
    """The same region in both years:
    SPD-01 (weight 1) at level 3, accepted            → 3
    SPD-02a (weight 1) at level 2, evidence pending   → 0
    A (pendidikan): SID-16 (w3) L3 accepted = 9, SID-17 (w2) L2 accepted = 4,
                    SID-31 (w3) L1 with its evidence rejected = 0        → 13
    B (kesehatan):  SID-16 (w3) L2 accepted                              → 6
    C (sosial):     SID-16 (w3) L3 accepted = 9, but its rancang bangun has 12 words: not
                    eligible, so it counts nowhere (score, number, affairs)."""
    a = _report(
        year,
        _innovation(1, "pendidikan"),
        {"SID-16": (3, ACCEPTED), "SID-17": (2, ACCEPTED), "SID-31": (1, REJECTED)},
    )
    b = _report(year, _innovation(2, "kesehatan"), {"SID-16": (2, ACCEPTED)})
    c = _report(
        year,
        _innovation(3, "sosial", design="Rancang bangun ini masih terlalu pendek untuk dinilai."),
        {"SID-16": (3, ACCEPTED)},
    )
    spd = {
        "SPD-01": AnswerFacts("SPD-01", "", 3, ACCEPTED),
        "SPD-02a": AnswerFacts("SPD-02a", "", 2, PENDING),
    }
    return YearFacts(year, [a, b, c], spd)


@pytest.mark.django_db
def test_2023_worked_example():
    # n = 2 eligible; SID = (13 + 6) / MAX(10, 2) = 1.9; no gate in 2023: count = 0.38 x 2 = 0.76
    # total = 3 + 1.9 + 0.76 = 5.66; index = 5.66 / 250 x 100 = 2.264 → 2.26 (Kurang Inovatif)
    score = score_region(year_rubric(2023), _facts(2023))
    result = score.result
    assert [item.score for item in score.innovations] == [D(13), D(6), D(9)]
    assert [item.eligible for item in score.innovations] == [True, True, False]
    assert (result.spd_score, result.innovation_count, result.sid_divisor) == (D(3), 2, 10)
    assert result.sid_score == D("1.9")
    assert result.count_gate_met and result.count_score == D("0.76")
    assert result.total == D("5.66") and result.index == D("2.26")
    assert result.predicate_label == "Kurang Inovatif"


@pytest.mark.django_db
def test_2026_worked_example():
    # n = 2 eligible; SID = 19 / MAX(12, 2) = 1.5833…; the eligible innovations cover 2 of the 6
    # basic-service affairs (pendidikan, kesehatan; C's sosial does not count), under the gate
    # of 5: count = 0. total = 3 + 1.58333 = 4.58333; index = 1.8333… → 1.83
    score = score_region(year_rubric(2026), _facts(2026))
    result = score.result
    assert score.basic_services_covered == {"pendidikan", "kesehatan"}
    assert (result.spd_score, result.innovation_count, result.sid_divisor) == (D(3), 2, 12)
    assert result.sid_score == D("1.5833")
    assert not result.count_gate_met and result.count_score == 0
    assert result.total == D("4.5833") and result.index == D("1.83")
    # What it would be with every chosen level evidenced (C included, the gate assumed met):
    # SPD 3 + 2 = 5; SID (13 + 3 + 6 + 9) / 12 = 31/12; count 0.38 x 3 = 1.14;
    # total 8.7233…; index 3.4893… → 3.49
    assert score.potential.index == D("3.49")


@pytest.mark.django_db
def test_2026_readiness_worked_example():
    """Each gap of the 2026 region above with its stake in index points, by hand (stake =
    points / 250 x 100, two decimals, half up; an innovation's points are divided by the SID
    divisor, 12)."""
    from tenants.scoring.readiness import GapKind, innovation_gap_counts, readiness

    facts = _facts(2026)
    facts.reports[1].answers["SID-19"] = AnswerFacts("SID-19", "", 2, {})  # B: no evidence
    ready = readiness(score_region(year_rubric(2026), facts))

    def gap(kind, report_id, target=""):
        [found] = [
            g
            for g in ready.gaps
            if g.kind == kind and g.report_id == report_id and (not target or g.target == target)
        ]
        return found

    # SPD-02a level 2 (weight 1) waits for its evidence: 2 / 250 x 100 = 0.80.
    assert gap(GapKind.EVIDENCE_UNVERIFIED, None, "SPD-02a").stake == D("0.80")
    # The count score needs 5 of 6 basic-service affairs; 2 are covered: 0.38 x 2 = 0.76 → 0.30.
    services = gap(GapKind.BASIC_SERVICES, None)
    assert services.stake == D("0.30") and "2 dari 5" in services.message
    assert "Tambah 3 urusan" in services.message
    # C's short rancang bangun keeps its 9 points out: SID (13 + 6 + 9) / 12 = 2.3333…;
    # index 5.3333 / 250 x 100 = 2.13, against 1.83 now: 0.30.
    design = gap(GapKind.DESIGN_SHORT, 3, "design")
    assert design.stake == D("0.30") and design.mandatory
    # A's SID-31 (weight 3, level 1) evidence was rejected: 3 / 12 = 0.25 points → 0.10.
    assert gap(GapKind.EVIDENCE_REJECTED, 1, "SID-31").stake == D("0.10")
    # B's SID-19 (weight 2, level 2) has no evidence: 4 / 12 = 0.3333 points → 0.13.
    assert gap(GapKind.NO_EVIDENCE, 2, "SID-19").stake == D("0.13")
    # B's SID-17 (weight 2, mandatory in 2026) is unanswered: at most level 3, 6 / 12 → 0.20.
    unanswered = gap(GapKind.UNANSWERED, 2, "SID-17")
    assert unanswered.stake == D("0.20") and unanswered.up_to and unanswered.mandatory
    # Largest stake first; per innovation and region-level views; counts per report.
    stakes = [g.stake for g in ready.gaps]
    assert stakes == sorted(stakes, reverse=True)
    assert all(g.report_id == 2 for g in ready.for_report(2))
    assert all(g.report_id is None for g in ready.region_gaps)
    counts = innovation_gap_counts(ready)
    assert counts[2] == len(ready.for_report(2)) and set(counts) == {1, 2, 3}
    assert design.innovation.pk == 3 and design.message.startswith("Rancang bangun")
    assert ready.index == D("1.83") and ready.gain == ready.potential_index - D("1.83")


def _gaps(ready, kind, report_id=None, target=""):
    return [
        g
        for g in ready.gaps
        if g.kind == kind and g.report_id == report_id and (not target or g.target == target)
    ]


@pytest.mark.django_db
def test_2026_readiness_around_the_basic_service_gate():
    """Four basic-service affairs covered, the fifth (sosial) held back by C's short rancang
    bangun: including C moves the divisor's sum and opens the count score.
    A pendidikan 9, B kesehatan 6, D pekerjaan umum 1 (SID-20 w1 L1 accepted), E perumahan 0;
    SPD 3. Now: SID 16/12 = 1.3333, count 0 (4 of 5), total 4.3333, index 1.73.
    With C (9, sosial): SID 25/12 = 2.0833, count 0.38 x 5 = 1.90, total 6.9833, index 2.79:
    C's stake is 2.79 - 1.73 = 1.06. The gate itself: 0.38 x 4 = 1.52 points → 0.61."""
    from tenants.scoring.readiness import GapKind, readiness

    year = 2026
    reports = [
        _report(year, _innovation(1, "pendidikan"), {"SID-16": (3, ACCEPTED)}),
        _report(year, _innovation(2, "kesehatan"), {"SID-16": (2, ACCEPTED)}),
        _report(year, _innovation(4, "pekerjaan-umum-penataan-ruang"), {"SID-20": (1, ACCEPTED)}),
        _report(year, _innovation(5, "perumahan-rakyat-kawasan-permukiman"), {}),
        _report(
            year, _innovation(3, "sosial", design="Terlalu pendek."), {"SID-16": (3, ACCEPTED)}
        ),
    ]
    spd = {"SPD-01": AnswerFacts("SPD-01", "", 3, ACCEPTED)}
    ready = readiness(score_region(year_rubric(year), YearFacts(year, reports, spd)))
    assert ready.index == D("1.73")
    [design] = _gaps(ready, GapKind.DESIGN_SHORT, 3)
    assert design.stake == D("1.06")
    [services] = _gaps(ready, GapKind.BASIC_SERVICES)
    assert services.stake == D("0.61") and "4 dari 5" in services.message
    assert "Tambah 1 urusan" in services.message
    # It names the basic-service affairs still missing, and only those.
    assert "Sosial" in services.message and "Ketenteraman" in services.message
    assert "Pendidikan" not in services.message and "Kesehatan" not in services.message
    # D's SID-20 scores its 1 point with accepted evidence: nothing is missing there.
    assert _gaps(ready, GapKind.NO_EVIDENCE, 4, "SID-20") == []
    assert all(g.target != "SID-20" for g in ready.for_report(4))

    # An incomplete innovation in an affair already covered would not open the count score:
    # H (pendidikan, 6 points) only moves the SID sum: (16 + 6) / 12 = 1.8333, total 4.8333,
    # index 1.93, stake 1.93 - 1.73 = 0.20 (with the count score opened it would be 0.96).
    reports.append(
        _report(year, _innovation(8, "pendidikan", design="Pendek."), {"SID-16": (2, ACCEPTED)})
    )
    with_h = readiness(score_region(year_rubric(year), YearFacts(year, reports, spd)))
    [h] = _gaps(with_h, GapKind.DESIGN_SHORT, 8)
    assert h.stake == D("0.20")
    reports.pop()

    # With C's profile complete, five affairs are covered: the gate is met, no gap for it.
    reports[4] = _report(year, _innovation(3, "sosial"), {"SID-16": (3, ACCEPTED)})
    met = readiness(score_region(year_rubric(year), YearFacts(year, reports, spd)))
    assert _gaps(met, GapKind.BASIC_SERVICES) == []
    assert met.index == D("2.79")


@pytest.mark.django_db
def test_2023_readiness_rounds_a_half_way_stake_up():
    """Sixteen eligible innovations (divisor 16); one has SID-20 (weight 1) at level 1 with no
    evidence: 1 / 16 = 0.0625 points, 0.0625 / 250 x 100 = 0.025 exactly → 0.03 half up (half
    to even would give 0.02)."""
    from tenants.scoring.readiness import GapKind, readiness

    year = 2023
    reports = [
        _report(year, _innovation(pk, "pangan"), {"SID-20": (1, {})} if pk == 1 else {})
        for pk in range(1, 17)
    ]
    ready = readiness(score_region(year_rubric(year), YearFacts(year, reports, {})))
    [missing] = _gaps(ready, GapKind.NO_EVIDENCE, 1, "SID-20")
    assert missing.stake == D("0.03")


@pytest.mark.django_db
def test_a_missing_profile_field_is_a_gap_of_its_own_kind():
    from tenants.scoring.readiness import GapKind, readiness

    year = 2026
    no_goals = _innovation(6, "pangan")
    no_goals.goals = ""
    no_design = _innovation(7, "pangan", design="")
    reports = [_report(year, no_goals, {}), _report(year, no_design, {})]
    ready = readiness(score_region(year_rubric(year), YearFacts(year, reports, {})))
    [goals] = _gaps(ready, GapKind.PROFILE_FIELD, 6, "goals")
    assert goals.innovation is no_goals and goals.mandatory
    assert goals.message == "Tujuan inovasi: Wajib diisi sebelum diajukan."
    # An empty rancang bangun is a missing field, not a short one.
    assert _gaps(ready, GapKind.PROFILE_FIELD, 7, "design")
    assert _gaps(ready, GapKind.DESIGN_SHORT, 7) == []


def test_public_figures_count_verified_reports_only():
    from tenants.scoring.compute import verified_only

    facts = _facts(2026)
    statuses = ["verified", "submitted", "draft"]
    for item, status in zip(facts.reports, statuses, strict=True):
        item.report.status = status
    kept = verified_only(facts)
    assert [item.report.pk for item in kept.reports] == [1]
    assert kept.region_answers is facts.region_answers and kept.year == 2026
    assert len(facts.reports) == 3  # the region's own view is untouched


def test_a_page_of_scores_reads_only_its_own_reports(personas, region_a):
    from django_tenants.utils import tenant_context

    from tenants.scoring.compute import innovation_scores
    from tests.registry.helpers import answer_with_pdf, current_report, make_innovation

    scored = current_report(region_a, make_innovation(region_a, personas.admin_a, personas.opd_a))
    other = current_report(
        region_a, make_innovation(region_a, personas.admin_a, personas.opd_a, name="LAIN")
    )
    answer_with_pdf(region_a, personas.admin_a, scored, "SID-16", 3)
    with tenant_context(region_a):
        page = innovation_scores(scored.year, [scored.pk, None])
        assert set(page) == {scored.pk}  # rows without a report are skipped
        # SID-16 level 3 is worth 9 once its evidence is accepted; pending, it scores nothing.
        assert page[scored.pk].indicators["SID-16"].option_score == 9
        assert set(innovation_scores(scored.year, [scored.pk, other.pk])) == {scored.pk, other.pk}
        assert innovation_scores(scored.year, []) == {}
        assert innovation_scores(scored.year, [None]) == {}
