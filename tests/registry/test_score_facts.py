"""What the index is computed from (issue #19): every answer of the year with its evidence counted
by status, read in one grouped query. The counts must be exact whatever mix of evidence an answer
has, other years and other reports must not leak in, and a page's few rows must score exactly as
the whole region scores them."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.assessment.models import Answer, Evidence, EvidenceStatus
from tenants.scoring.compute import innovation_scores, region_score
from tenants.scoring.selectors import year_facts
from tests.registry.helpers import current_report, make_innovation


def _evidence(answer: Answer, *statuses: str) -> None:
    for number, status in enumerate(statuses):
        Evidence.objects.create(
            answer=answer, url=f"https://contoh.go.id/bukti-{number}.pdf", status=status
        )


def test_each_answer_is_read_with_its_evidence_counted_by_status(personas, region_a):
    first = make_innovation(region_a, personas.operator_a, personas.opd_a, name="ALFA")
    second = make_innovation(region_a, personas.operator_a, personas.opd_a, name="BETA")
    report, other = current_report(region_a, first), current_report(region_a, second)
    year = report.year
    with tenant_context(region_a):
        mixed = Answer.objects.create(year=year, report=report, indicator_code="SID-16", level=3)
        _evidence(
            mixed,
            EvidenceStatus.ACCEPTED,
            EvidenceStatus.ACCEPTED,
            EvidenceStatus.REJECTED,
            EvidenceStatus.PENDING,
        )
        waiting = Answer.objects.create(year=year, report=report, indicator_code="SID-17", level=2)
        _evidence(waiting, EvidenceStatus.PENDING)
        Answer.objects.create(year=year, report=report, indicator_code="SID-18", level=1)
        elsewhere = Answer.objects.create(year=year, report=other, indicator_code="SID-16", level=1)
        _evidence(elsewhere, EvidenceStatus.REJECTED)
        region_answer = Answer.objects.create(year=year, indicator_code="SPD-01", level=2)
        _evidence(region_answer, EvidenceStatus.ACCEPTED)
        # The year before: neither its region answer nor its evidence belongs to this year.
        earlier = Answer.objects.create(year=year - 1, indicator_code="SPD-01", level=1)
        _evidence(earlier, EvidenceStatus.REJECTED, EvidenceStatus.REJECTED)

        facts = year_facts(year)
        by_name = {item.report.innovation.name: item for item in facts.reports}

    assert list(by_name) == ["ALFA", "BETA"]  # in the order the lists show them
    answers = by_name["ALFA"].answers
    assert answers["SID-16"].evidence == {"accepted": 2, "rejected": 1, "pending": 1}
    assert answers["SID-17"].evidence == {"pending": 1}
    assert answers["SID-18"].evidence == {}
    assert (answers["SID-16"].level, answers["SID-17"].level) == (3, 2)
    assert by_name["BETA"].answers["SID-16"].evidence == {"rejected": 1}
    assert set(by_name["BETA"].answers) == {"SID-16"}
    assert facts.region_answers["SPD-01"].evidence == {"accepted": 1}
    assert facts.region_answers["SPD-01"].level == 2


def test_a_page_of_rows_scores_as_the_whole_region_does(personas, region_a):
    reports = [
        current_report(
            region_a,
            make_innovation(region_a, personas.operator_a, personas.opd_a, name=f"INOVASI {n}"),
        )
        for n in range(3)
    ]
    year = reports[0].year
    with tenant_context(region_a):
        for number, report in enumerate(reports):
            for code, level in (("SID-16", 1 + number), ("SID-17", 3 - number)):
                answer = Answer.objects.create(
                    year=year, report=report, indicator_code=code, level=level
                )
                _evidence(answer, EvidenceStatus.ACCEPTED if number != 1 else "pending")
        whole = region_score(year)
        page = innovation_scores(year, [reports[1].pk, reports[2].pk])

    assert set(page) == {reports[1].pk, reports[2].pk}
    for pk, item in page.items():
        expected = whole.by_report[pk]
        assert item.score == expected.score
        assert item.potential == expected.potential
        assert item.indicators == expected.indicators
    assert page[reports[1].pk].score == 0  # its evidence waits for the verifier
    assert page[reports[2].pk].score > 0
