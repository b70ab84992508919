"""The registry's backbone end to end: an innovation, an answer with evidence, submission,
verification, and the estimated index moving with it."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import tenant_context

from tenants.assessment.workflow import fire
from tenants.scoring.compute import region_score
from tenants.scoring.readiness import GapKind, readiness
from tests.registry.helpers import (
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
)


def test_verified_evidence_raises_the_estimated_index(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    answer_with_pdf(region_a, personas.operator_a, report, "SID-16", 3)
    with tenant_context(region_a):
        before = region_score(report.year)
        gaps = readiness(before).for_report(report.pk)
    assert before.result.index == Decimal("0.00")
    unverified = [gap for gap in gaps if gap.kind == GapKind.EVIDENCE_UNVERIFIED]
    assert [gap.target for gap in unverified] == ["SID-16"]
    # weight 3 x level 3 = 9 points over MAX(floor, 1) innovations, of a 250-point maximum
    floor = before.rubric.params.sid_divisor_floor
    assert unverified[0].stake == (Decimal(9) / floor / 250 * 100).quantize(Decimal("0.01"))

    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    answer_mandatory(region_a, report)
    fire("verify", region=region_a, actor=personas.verifier_a, report=report)
    with tenant_context(region_a):
        after = region_score(report.year)
    assert after.by_report[report.pk].score == Decimal(9)
    assert after.result.index > before.result.index
