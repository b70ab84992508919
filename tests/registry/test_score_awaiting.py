"""Issue #17: an innovation whose evidence is uploaded but not yet accepted showed '0 skor dari
111' with no word why. The score says how much evidence waits for the verifier, and stops saying
it once the evidence is accepted."""

from __future__ import annotations

import re

from django.template.defaultfilters import floatformat
from django_tenants.utils import tenant_context

from rubric.selectors import year_rubric
from tenants.assessment.models import Evidence, EvidenceStatus
from tenants.assessment.services import evidence_review
from tenants.assessment.workflow import fire
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation


def _awaiting(html: str) -> str | None:
    found = re.search(r'id="score-awaiting">(.*?)</small>', html, re.S)
    return " ".join(found.group(1).split()) if found else None


def test_the_score_says_how_much_evidence_awaits_the_verifier(personas, region_a, client_for):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    answer_with_pdf(region_a, personas.operator_a, report, "SID-16", 3)
    second = answer_with_pdf(region_a, personas.operator_a, report, "SID-17", 2)
    with tenant_context(region_a):
        # Two files for one indicator: both wait, the indicator's points once.
        Evidence.objects.create(answer=second, url="https://contoh.go.id/sk.pdf")
    client = client_for(personas.operator_a, region_a)

    page = client.get(f"/inovasi/{innovation.pk}/").content.decode()

    rubric = year_rubric(report.year)
    points = rubric.option("SID-16", "", 3).score + rubric.option("SID-17", "", 2).score
    assert re.search(r'id="innovation-score">0<', page)
    assert _awaiting(page) == (
        f"3 bukti dukung menunggu diterima verifikator — skornya (+{floatformat(points, '-2')})"
        " dihitung setelah diterima."
    )
    # Each waiting indicator says so next to its own score.
    assert page.count("setelah bukti dukung diterima verifikator") == 2

    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    with tenant_context(region_a):
        pending = list(Evidence.objects.filter(answer__report=report))
    for evidence in pending[:1]:
        evidence_review(
            region=region_a, actor=personas.verifier_a, evidence=evidence, status="accepted"
        )
    page = client.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert _awaiting(page).startswith("2 bukti dukung menunggu")  # SID-17's two files

    for evidence in pending[1:]:
        evidence_review(
            region=region_a, actor=personas.verifier_a, evidence=evidence, status="accepted"
        )
    page = client.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert _awaiting(page) is None
    assert "setelah bukti dukung diterima verifikator" not in page
    assert not re.search(r'id="innovation-score">0<', page)
    with tenant_context(region_a):
        assert set(
            Evidence.objects.filter(answer__report=report).values_list("status", flat=True)
        ) == {EvidenceStatus.ACCEPTED}


def test_rejected_evidence_is_not_said_to_be_waiting(personas, region_a, client_for):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    answer = answer_with_pdf(region_a, personas.operator_a, report, "SID-16", 3)
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    evidence_review(
        region=region_a,
        actor=personas.verifier_a,
        evidence=evidence,
        status="rejected",
        note="Tidak terbaca",
    )
    page = client_for(personas.operator_a, region_a).get(f"/inovasi/{innovation.pk}/")
    assert _awaiting(page.content.decode()) is None
