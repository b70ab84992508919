"""The region's index is kept per process while nothing it is computed from changes (issue #19:
tenants.scoring.compute._ScoreMemo). What must hold: the kept score is reused only while the data
are unchanged, and after any write — through a service, a bulk update, raw SQL, in the reader's
own transaction, or rolled back — the score shown equals a fresh computation."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.utils import translation
from django_tenants.utils import tenant_context

from rubric.selectors import rubric_memo, year_rubric
from tenants.assessment.models import Answer, Evidence, EvidenceStatus
from tenants.assessment.services import evidence_review
from tenants.assessment.workflow import fire
from tenants.innovations.models import Innovation
from tenants.organization.models import OpdUnit
from tenants.scoring.compute import RegionScore, region_score, score_region
from tenants.scoring.readiness import readiness
from tenants.scoring.selectors import year_facts
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation


def _fresh(year: int) -> RegionScore:
    score = score_region(year_rubric(year), year_facts(year))
    assert score is not None
    return score


def _figures(score: RegionScore) -> tuple:
    """Everything a page shows of a score, comparable between two computations."""
    return (
        score.result,
        score.potential,
        score.spd_score,
        sorted(score.basic_services_covered),
        [
            (
                item.report.pk,
                item.report.status,
                item.innovation.name,
                item.innovation.opd.name if item.innovation.opd else None,
                item.score,
                item.potential,
                item.indicators,
                {field: str(message) for field, message in item.profile_gaps.items()},
            )
            for item in score.innovations
        ],
    )


def _gaps(ready) -> list[tuple]:
    return [(g.kind, g.message, g.stake, g.report_id, g.target) for g in ready.gaps]


def _assert_fresh(year: int) -> RegionScore:
    shown = region_score(year)
    assert shown is not None
    assert _figures(shown) == _figures(_fresh(year))
    return shown


@pytest.fixture(autouse=True)
def rubric_kept():
    """The rubric memoised as in production (the test settings turn its memo off): the score is
    kept with the rubric object it was computed from."""
    with rubric_memo():
        yield


@pytest.fixture
def answered(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    answer = answer_with_pdf(region_a, personas.operator_a, report, "SID-16", 3)
    return innovation, report, answer


def test_an_unchanged_region_reuses_its_score_and_any_write_shows_at_once(
    personas, region_a, answered
):
    innovation, report, answer = answered
    year = report.year
    with tenant_context(region_a):
        first = _assert_fresh(year)
        assert region_score(year) is first  # nothing changed: not computed again
        assert readiness(region_score(year)) is readiness(first)
        assert first.by_report[report.pk].score == 0  # the evidence waits for the verifier

        # A bulk update, past every service: the evidence accepted.
        Evidence.objects.filter(answer=answer).update(status=EvidenceStatus.ACCEPTED)
        accepted = _assert_fresh(year)
        assert accepted is not first
        assert accepted.by_report[report.pk].score > 0

        # Raw SQL on the answer's level.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE assessment_answer SET level = 1 WHERE id = %s", [answer.pk])
        lower = _assert_fresh(year)
        assert lower.by_report[report.pk].score < accepted.by_report[report.pk].score

        # The profile made incomplete: the innovation stops counting.
        Innovation.objects.filter(pk=innovation.pk).update(design="Terlalu pendek.")
        short = _assert_fresh(year)
        assert "design" in short.by_report[report.pk].profile_gaps
        assert short.result.innovation_count == lower.result.innovation_count - 1

        # The OPD renamed: the name shown with the innovation.
        OpdUnit.objects.filter(pk=personas.opd_a.pk).update(name="Dinas Kesehatan Baru")
        renamed = _assert_fresh(year)
        assert renamed.by_report[report.pk].innovation.opd.name == "Dinas Kesehatan Baru"

        # The evidence deleted, then a region (SPD) answer added.
        Evidence.objects.filter(answer=answer).delete()
        assert _assert_fresh(year).by_report[report.pk].indicators["SID-16"].accepted == 0
        Answer.objects.create(year=year, indicator_code="SPD-01", level=2)
        assert _assert_fresh(year).spd["SPD-01"].level == 2


def test_a_rolled_back_change_is_not_shown(personas, region_a, answered):
    _innovation, report, answer = answered
    year = report.year
    with tenant_context(region_a):
        before = _assert_fresh(year)

        class Undo(Exception):
            pass

        with pytest.raises(Undo), transaction.atomic():
            Evidence.objects.filter(answer=answer).update(status=EvidenceStatus.ACCEPTED)
            inside = _assert_fresh(year)  # the transaction sees its own change
            assert inside.by_report[report.pk].score > 0
            raise Undo

        after = _assert_fresh(year)
        assert after.by_report[report.pk].score == 0
        assert _figures(after) == _figures(before)


def test_the_verifier_sees_the_index_move_as_soon_as_the_evidence_is_accepted(
    personas, region_a, answered, client_for
):
    _innovation, report, answer = answered
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    client = client_for(personas.verifier_a, region_a)

    def shown_index() -> str:
        page = client.get("/dasbor/").content.decode()
        found = re.search(r'id="estimated-index">([^<]*)<', page)
        assert found is not None
        return found.group(1)

    before = shown_index()
    assert shown_index() == before
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    evidence_review(
        region=region_a, actor=personas.verifier_a, evidence=evidence, status="accepted"
    )
    with tenant_context(region_a):
        expected = _fresh(report.year).result.index
    after = shown_index()
    assert after != before
    assert after.replace(",", ".") == f"{expected:.2f}"


def test_the_gaps_are_worded_in_each_reader_s_language(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a, design="Pendek.")
    year = current_report(region_a, innovation).year
    with tenant_context(region_a):
        with translation.override("id"):
            indonesian = region_score(year)
            indonesian_gaps = [gap.message for gap in readiness(indonesian).gaps]
        with translation.override("en"):
            english = region_score(year)
            english_gaps = [gap.message for gap in readiness(english).gaps]
        with translation.override("id"):
            assert region_score(year) is indonesian
    (item,) = english.innovations
    assert "Rancang bangun baru" in str(indonesian.innovations[0].profile_gaps["design"])
    assert "Rancang bangun baru" not in str(item.profile_gaps["design"])
    assert indonesian_gaps != english_gaps


def test_after_a_change_only_the_innovations_it_touched_are_scored_again(personas, region_a):
    operator, opd = personas.operator_a, personas.opd_a
    alpha = make_innovation(region_a, operator, opd, name="Alpha Sehat")
    beta = make_innovation(region_a, operator, opd, name="Beta Pintar")
    alpha_report, beta_report = current_report(region_a, alpha), current_report(region_a, beta)
    answer = answer_with_pdf(region_a, operator, alpha_report, "SID-16", 3)
    year = alpha_report.year
    with tenant_context(region_a):
        before = _assert_fresh(year)
        Evidence.objects.filter(answer=answer).update(status=EvidenceStatus.ACCEPTED)
        before_gaps = readiness(before).for_report(beta_report.pk)
        after = _assert_fresh(year)
        assert after.by_report[beta_report.pk] is before.by_report[beta_report.pk]  # reused
        # Its gaps too (their stakes share the SID divisor, unchanged), and the whole list is
        # what a fresh computation says.
        after_gaps = readiness(after).for_report(beta_report.pk)
        assert after_gaps and all(a is b for a, b in zip(after_gaps, before_gaps, strict=True))
        assert _gaps(readiness(after)) == _gaps(readiness(_fresh(year)))
        assert after.by_report[alpha_report.pk].score > before.by_report[alpha_report.pk].score
        assert after.result.index > before.result.index
    # A new innovation is listed in its place by name, as a whole computation lists it.
    middle = make_innovation(region_a, operator, opd, name="Antara Alpha dan Beta")
    with tenant_context(region_a):
        listed = _assert_fresh(year)
        assert [item.innovation.pk for item in listed.innovations] == [alpha.pk, middle.pk, beta.pk]
        assert listed.by_report[alpha_report.pk] is after.by_report[alpha_report.pk]
        Innovation.objects.filter(pk=beta.pk).delete()
        gone = _assert_fresh(year)
        assert beta_report.pk not in gone.by_report
        assert _gaps(readiness(gone)) == _gaps(readiness(_fresh(year)))
        assert [item.innovation.pk for item in gone.innovations] == [alpha.pk, middle.pk]


def test_a_process_keeps_at_most_max_innovations_scores_least_recent_region_first(
    personas, region_a, region_b
):
    """A bound on the memory whatever the regions' sizes: the index of the region asked longest
    ago is dropped once the kept innovation scores would pass the limit, and computed again
    (equal to a fresh computation) when it is asked for next."""
    from rubric.years import current_year
    from tenants.scoring.compute import _ScoreMemo
    from tests.conftest import make_opd

    for number in range(2):
        make_innovation(region_a, personas.operator_a, personas.opd_a, name=f"Inovasi A{number}")
    make_innovation(region_b, personas.admin_b, make_opd(region_b), name="Inovasi B")
    memo = _ScoreMemo(size=32, max_innovations=2)
    year = current_year()
    rubric = year_rubric(year)
    with tenant_context(region_a):
        kept_a = memo.get(year, rubric)
        assert memo.get(year, rubric) is kept_a and len(memo) == 1  # 2 scores: within the bound
    with tenant_context(region_b):
        memo.get(year, rubric)  # 2 + 1 > 2: region A's is dropped
    assert len(memo) == 1
    with tenant_context(region_a):
        again = memo.get(year, rubric)
        assert again is not kept_a and _figures(again) == _figures(_fresh(year))
    assert len(memo) == 1  # now B's went: 1 + 2 > 2, and the newest is always kept
