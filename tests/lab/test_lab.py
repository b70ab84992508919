"""The innovation lab: a project moves through the 5D stages (plus Documentation) only with each
stage's required documents, a finished project becomes a draft innovation of its OPD with its
history, and the OPDs' SK Tim Inovasi and kontrak kinerja are tracked per year. Only those who
work in the project's OPD's lab change it; other OPDs and regions see nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tenants.lab import commitments as commitment_data
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.lab.services import (
    commitment_as_evidence,
    commitment_save,
    document_add,
    project_advance,
    project_create,
    project_to_innovation,
)
from tenants.lab.stages import stages
from tests.conftest import make_member, make_opd
from tests.registry.helpers import pdf, png


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(personas, region_a, media) -> LabProject:
    return project_create(
        region=region_a,
        actor=personas.operator_a,
        opd=personas.opd_a,
        title="Posyandu digital",
        problem="Catatan timbang balita masih di buku.",
    )


def _complete_stage(region, actor, project):
    for kind in next(item for item in stages() if item.code == project.stage).required_kinds:
        document_add(region=region, actor=actor, project=project, kind=kind, upload=pdf())


def test_the_stage_vocabulary_is_the_5d_of_lan_ri_plus_documentation():
    codes = [item.code for item in stages()]
    assert codes == ["drum_up", "diagnose", "design", "deliver", "display", "documentation"]
    assert all(item.required_kinds for item in stages())


def test_a_stage_is_left_only_with_its_required_documents(personas, region_a, project):
    with pytest.raises(ValidationError, match="Surat pernyataan komitmen"):
        project_advance(region=region_a, actor=personas.operator_a, project=project)
    # A document of another stage, or of a stage not reached yet, is refused.
    with pytest.raises(ValidationError):
        document_add(
            region=region_a,
            actor=personas.operator_a,
            project=project,
            kind="problem_map",
            upload=pdf(),
        )
    with pytest.raises(ValidationError):
        document_add(
            region=region_a,
            actor=personas.operator_a,
            project=project,
            kind="problem_map",
            stage_code="diagnose",
            upload=pdf(),
        )
    # Optional documents do not open the gate; the required one does.
    document_add(
        region=region_a,
        actor=personas.operator_a,
        project=project,
        kind="kickoff_attendance",
        upload=png(),
    )
    with pytest.raises(ValidationError):
        project_advance(region=region_a, actor=personas.operator_a, project=project)
    document_add(
        region=region_a,
        actor=personas.operator_a,
        project=project,
        kind="commitment_letter",
        upload=pdf(),
    )
    project = project_advance(region=region_a, actor=personas.operator_a, project=project)
    assert project.stage == "diagnose"


def test_a_renamed_executable_is_not_a_stage_document(personas, region_a, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        document_add(
            region=region_a,
            actor=personas.operator_a,
            project=project,
            kind="commitment_letter",
            upload=fake,
        )
    with tenant_context(region_a):
        assert not StageDocument.objects.exists()


def test_a_finished_project_becomes_a_draft_innovation_of_its_opd_once(personas, region_a, project):
    with pytest.raises(ValidationError):
        project_to_innovation(region=region_a, actor=personas.operator_a, project=project)
    for _stage in stages():
        _complete_stage(region_a, personas.operator_a, project)
        project = project_advance(region=region_a, actor=personas.operator_a, project=project)
    assert project.is_finished
    with pytest.raises(ValidationError):
        document_add(
            region=region_a,
            actor=personas.operator_a,
            project=project,
            kind="final_report",
            upload=pdf(),
        )
    innovation = project_to_innovation(region=region_a, actor=personas.operator_a, project=project)
    with tenant_context(region_a):
        stored = Innovation.objects.get(pk=innovation.pk)
        report_status = stored.reports.get().status
        actions = set(
            Change.objects.filter(innovation_id=innovation.pk).values_list("action", flat=True)
        )
        project.refresh_from_db()
    assert stored.name == "Posyandu digital" and stored.opd_id == personas.opd_a.pk
    assert report_status == "draft"
    assert {"created", "created_from_lab"} <= actions
    assert project.innovation_id == innovation.pk
    with pytest.raises(ValidationError):
        project_to_innovation(region=region_a, actor=personas.admin_a, project=project)


def test_only_the_projects_opd_works_on_it(personas, region_a, project, media):
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    other_operator = make_member(
        region_a, "opd_operator", "disdik@banjar.test", opd_id=other_opd.pk
    )
    for someone in (other_operator, personas.verifier_a, personas.leader_a, personas.admin_b):
        with pytest.raises(PermissionDenied):
            document_add(
                region=region_a,
                actor=someone,
                project=project,
                kind="commitment_letter",
                upload=pdf(),
            )
        with pytest.raises(PermissionDenied):
            project_advance(region=region_a, actor=someone, project=project)
    with pytest.raises(PermissionDenied):
        project_create(
            region=region_a, actor=personas.operator_a, opd=other_opd, title="Bukan milik"
        )
    # Admins work in every OPD's lab.
    document_add(
        region=region_a,
        actor=personas.admin_a,
        project=project,
        kind="commitment_letter",
        upload=pdf(),
    )


def test_pages_show_each_their_own(personas, region_a, project, client_for, media):
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    other_operator = make_member(
        region_a, "opd_operator", "disdik@banjar.test", opd_id=other_opd.pk
    )
    document = document_add(
        region=region_a,
        actor=personas.operator_a,
        project=project,
        kind="commitment_letter",
        upload=pdf(),
    )
    mine = client_for(personas.operator_a, region_a)
    assert "Posyandu digital" in mine.get("/lab/").content.decode()
    page = mine.get(f"/lab/{project.pk}/").content.decode()
    assert "Surat pernyataan komitmen" in page and "Lanjut ke tahap berikutnya" in page
    assert mine.get(f"/lab/{project.pk}/dokumen/{document.pk}/").status_code == 200
    # The leader reads but does not work; the other OPD sees nothing.
    leader = client_for(personas.leader_a, region_a)
    assert leader.get(f"/lab/{project.pk}/").status_code == 200
    assert "Lanjut ke tahap" not in leader.get(f"/lab/{project.pk}/").content.decode()
    assert leader.post(f"/lab/{project.pk}/lanjut/").status_code == 403
    other = client_for(other_operator, region_a)
    assert "Posyandu digital" not in other.get("/lab/").content.decode()
    for url in (f"/lab/{project.pk}/", f"/lab/{project.pk}/dokumen/{document.pk}/"):
        assert other.get(url).status_code == 404
    assert other.post(f"/lab/{project.pk}/lanjut/").status_code == 404
    for user in (personas.admin_b, personas.outsider):
        assert client_for(user, region_a).get(f"/lab/{project.pk}/").status_code in (403, 404)
    # Upload and advance through the pages.
    response = mine.post(
        f"/lab/{project.pk}/dokumen/",
        {"stage": "drum_up", "kind": "kickoff_attendance", "title": "", "file": png()},
    )
    assert response.status_code == 302
    assert mine.post(f"/lab/{project.pk}/lanjut/").status_code == 302
    with tenant_context(region_a):
        assert LabProject.objects.get(pk=project.pk).stage == "diagnose"


def test_an_opd_starts_a_project_from_the_page(personas, region_a, client_for):
    client = client_for(personas.operator_a, region_a)
    assert client.get("/lab/baru/").status_code == 200
    response = client.post(
        "/lab/baru/", {"opd": personas.opd_a.pk, "title": "Si Cepat", "problem": "", "team": "A\nB"}
    )
    assert response.status_code == 302
    assert client_for(personas.verifier_a, region_a).get("/lab/baru/").status_code == 403


def _commitment(region, actor, opd, kind="sk_tim_inovasi", year=2026):
    import datetime

    return commitment_save(
        region=region,
        actor=actor,
        opd=opd,
        year=year,
        kind=kind,
        number="800/12/2026",
        signed_on=datetime.date(2026, 1, 15),
        signed_by="Kepala Dinas Kesehatan",
        upload=pdf("sk.pdf"),
    )


def test_commitments_per_opd_and_year_show_who_lacks_them(personas, region_a, client_for, media):
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    first = _commitment(region_a, personas.operator_a, personas.opd_a)
    again = _commitment(region_a, personas.operator_a, personas.opd_a)  # replaces the first
    assert again.pk == first.pk
    with pytest.raises(PermissionDenied):
        _commitment(region_a, personas.operator_a, other_opd)
    with pytest.raises(ValidationError):
        _commitment(region_a, personas.admin_a, other_opd, kind="sk_bupati")
    with tenant_context(region_a):
        assert OpdCommitment.objects.count() == 1
    page = client_for(personas.leader_a, region_a).get("/lab/komitmen/", {"tahun": 2026})
    body = page.content.decode()
    assert "800/12/2026" in body
    assert "1 OPD belum punya SK Tim Inovasi" in body
    assert "2 OPD belum punya Kontrak Kinerja" in body
    # Not scored by the IID rubric of the year: the page says so and offers no attachment.
    assert "tidak dinilai pada rubrik IID 2026" in body
    assert (
        "Lampirkan sebagai bukti"
        not in client_for(personas.admin_a, region_a)
        .get("/lab/komitmen/", {"tahun": 2026})
        .content.decode()
    )
    # The file: the OPD, admins and readers of every OPD; not another OPD's operator.
    url = f"/lab/komitmen/{first.pk}/"
    assert client_for(personas.operator_a, region_a).get(url).status_code == 200
    assert client_for(personas.leader_a, region_a).get(url).status_code == 200
    other = make_member(region_a, "opd_operator", "disdik@banjar.test", opd_id=other_opd.pk)
    assert client_for(other, region_a).get(url).status_code == 404
    assert client_for(personas.admin_b, region_a).get(url).status_code in (403, 404)
    # Uploading through the page, for one's own OPD.
    response = client_for(personas.operator_a, region_a).post(
        "/lab/komitmen/?tahun=2026",
        {
            "opd": personas.opd_a.pk,
            "kind": "kontrak_kinerja",
            "number": "KK-1",
            "signed_on": "2026-02-01",
            "signed_by": "Bupati Banjar",
            "file": pdf("kontrak.pdf"),
        },
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        assert OpdCommitment.objects.filter(kind="kontrak_kinerja").count() == 1


def test_a_commitment_is_attached_as_evidence_where_the_rubric_takes_it(
    personas, region_a, client_for, media, monkeypatch
):
    """No SPD indicator of IID 2023/2026 asks for these documents (data/commitments.yaml); were
    one to (SPD-12 stands in here), the file goes in through the assessment's own service."""
    from tenants.assessment.models import Answer, Evidence

    commitment = _commitment(region_a, personas.operator_a, personas.opd_a)
    with pytest.raises(ValidationError, match="tidak dinilai"):
        commitment_as_evidence(
            region=region_a, actor=personas.admin_a, commitment=commitment, indicator_code="SPD-12"
        )
    monkeypatch.setattr("tenants.lab.services.evidence_indicators", lambda kind, year: ("SPD-12",))
    monkeypatch.setattr("tenants.lab.selectors.evidence_indicators", lambda kind, year: ("SPD-12",))
    with pytest.raises(PermissionDenied):
        commitment_as_evidence(
            region=region_a,
            actor=personas.operator_a,
            commitment=commitment,
            indicator_code="SPD-12",
        )
    admin = client_for(personas.admin_a, region_a)
    assert (
        "Lampirkan sebagai bukti SPD-12"
        in admin.get("/lab/komitmen/", {"tahun": 2026}).content.decode()
    )
    response = admin.post(f"/lab/komitmen/{commitment.pk}/bukti/", {"indicator": "SPD-12"})
    assert response.status_code == 302
    with tenant_context(region_a):
        answer = Answer.objects.get(report__isnull=True, year=2026, indicator_code="SPD-12")
        evidence = Evidence.objects.get(answer=answer)
        assert Change.objects.filter(action="evidence_added", subject_id=evidence.pk).exists()
    assert evidence.original_name == "sk.pdf" and evidence.content_type == "application/pdf"
    assert commitment_data.evidence_indicators("sk_tim_inovasi", 2026) == ()
