"""Assessment years: an innovation carries into the next year with its answers, last year's
results stay readable; every change is in the history."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.assessment.carry_over import report_carry_over
from tenants.assessment.models import EvidenceStatus, Report
from tenants.assessment.services import report_for
from tenants.assessment.workflow import fire
from tenants.history.models import Change
from tenants.innovations.services import innovation_update
from tenants.scoring.compute import region_score
from tests.registry.helpers import answer_mandatory, answer_with_pdf, make_innovation


def test_carry_over_copies_answers_and_evidence_for_reverification(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    with tenant_context(region_a):
        Report.objects.filter(innovation=innovation).delete()
        old = report_for(innovation, 2023)
    answer_with_pdf(region_a, personas.operator_a, old, "SID-16", 3)
    fire("submit", region=region_a, actor=personas.operator_a, report=old)
    answer_mandatory(region_a, old)
    fire("verify", region=region_a, actor=personas.verifier_a, report=old)

    new = report_carry_over(
        region=region_a, actor=personas.operator_a, innovation=innovation, year=2026
    )
    with tenant_context(region_a):
        copied = new.answers.get(indicator_code="SID-16")
        assert copied.level == 3
        evidence = copied.evidence.get()
        assert evidence.status == EvidenceStatus.PENDING
        assert evidence.file.name != old.answers.get().evidence.get().file.name
        last_year = region_score(2023)
        this_year = region_score(2026)
    # Last year's verified result stays as it was; this year's waits for verification.
    assert last_year.by_report[old.pk].score == 9
    assert this_year.by_report[new.pk].score == 0


def test_profile_changes_are_recorded_with_old_and_new(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    innovation_update(
        region=region_a,
        actor=personas.operator_a,
        innovation=innovation,
        data={"goals": "Tujuan baru", "stage": "implementation"},
    )
    with tenant_context(region_a):
        change = Change.objects.filter(innovation_id=innovation.pk, action="updated").get()
    assert change.changes == {"goals": ["Menurunkan angka kematian ibu.", "Tujuan baru"]}
    assert change.actor_id == personas.operator_a.pk


def test_a_region_admin_carries_every_innovation_into_the_new_year(personas, region_a, client_for):
    from rubric.years import current_year

    innovations = [
        make_innovation(region_a, personas.operator_a, personas.opd_a, name=f"Inovasi {n}")
        for n in range(3)
    ]
    with tenant_context(region_a):
        Report.objects.filter(innovation__in=innovations).update(year=2023)
    client = client_for(personas.admin_a, region_a)
    page = client.get(f"/inovasi/?year={current_year()}").content.decode()
    assert "3 inovasi tahun sebelumnya belum dilaporkan" in page
    response = client.post("/inovasi/laporkan-semua/", {"year": current_year()})
    assert response.status_code == 302
    with tenant_context(region_a):
        assert Report.objects.filter(year=current_year()).count() == 3
        assert Report.objects.filter(year=2023).count() == 3
    # Running it again carries nothing more.
    client.post("/inovasi/laporkan-semua/", {"year": current_year()})
    with tenant_context(region_a):
        assert Report.objects.filter(year=current_year()).count() == 3
    # Operators do not get the bulk action.
    assert (
        client_for(personas.operator_a, region_a)
        .post("/inovasi/laporkan-semua/", {"year": current_year()})
        .status_code
        == 403
    )
