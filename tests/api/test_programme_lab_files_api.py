"""The last pieces of a learning event's page and a lab project's page over the API (issue #20):
removing a participant or a material, downloading a material and the signed minutes, removing a
stage document. The same access functions as the pages find the object; the services decide."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.registry.helpers import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(region_a, personas):
    """A workshop with one participant, a file material, a link material and signed minutes."""
    from tenants.programme import services

    event = services.event_create(
        region=region_a,
        actor=personas.admin_a,
        data={"kind": "workshop", "title": "Workshop", "starts_at": timezone.now()},
        invited=[personas.opd_a],
    )
    attendance = services.attendance_record(
        region=region_a,
        actor=personas.admin_a,
        event=event,
        opd=personas.opd_a,
        person_name="Operator Dinkes",
    )
    material = services.material_add(
        region=region_a, actor=personas.admin_a, event=event, title="Modul", upload=pdf("modul.pdf")
    )
    link = services.material_add(
        region=region_a,
        actor=personas.admin_a,
        event=event,
        title="Video",
        link="https://contoh.test/video",
    )
    services.minutes_save(
        region=region_a,
        actor=personas.admin_a,
        event=event,
        text="Notula",
        upload=pdf("notula.pdf"),
    )
    return {
        "event": event.pk,
        "attendance": attendance.pk,
        "material": material.pk,
        "link": link.pk,
    }


def counts(region) -> tuple[int, int]:
    from tenants.programme.models import Attendance, EventMaterial

    with tenant_context(region):
        return Attendance.objects.count(), EventMaterial.objects.count()


def test_members_download_and_admins_remove(personas, region_a, api_for, event):
    base = f"/api/v1/programme/events/{event['event']}/"
    operator = api_for(personas.operator_a, region_a, token=True)
    material = operator.get(f"{base}materials/{event['material']}/download/")
    assert material.status_code == 200 and b"".join(material.streaming_content) == PDF_BYTES
    assert operator.get(f"{base}materials/{event['link']}/download/").status_code == 404
    minutes = operator.get(f"{base}minutes/file/")
    assert minutes.status_code == 200 and minutes["Content-Type"] == "application/pdf"

    # Members read; only the programme's managers remove.
    assert operator.delete(f"{base}attendance/{event['attendance']}/").status_code == 403
    assert operator.delete(f"{base}materials/{event['material']}/").status_code == 403
    assert counts(region_a) == (1, 2)
    admin = api_for(personas.admin_a, region_a, token=True)
    assert admin.delete(f"{base}attendance/{event['attendance']}/").status_code == 204
    assert admin.delete(f"{base}materials/{event['material']}/").status_code == 204
    assert counts(region_a) == (0, 1)
    assert admin.get(f"{base}materials/{event['material']}/download/").status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "admin_b", "outsider"])
def test_strangers_reach_nothing_of_the_event(personas, region_a, api_for, event, persona):
    user = None if persona == "anonymous" else getattr(personas, persona)
    client = api_for(user, region_a, token=user is not None)
    base = f"/api/v1/programme/events/{event['event']}/"
    for url in (f"{base}materials/{event['material']}/download/", f"{base}minutes/file/"):
        assert client.get(url).status_code in (401, 403), url
    assert client.delete(f"{base}attendance/{event['attendance']}/").status_code in (401, 403)
    assert client.delete(f"{base}materials/{event['material']}/").status_code in (401, 403)
    assert counts(region_a) == (1, 2)


def test_a_stage_document_is_removed_by_the_projects_workers_only(personas, region_a, api_for):
    from tenants.lab.models import StageDocument
    from tenants.lab.services import document_add, project_create

    project = project_create(
        region=region_a, actor=personas.admin_a, opd=personas.opd_a, title="Proyek"
    )
    documents = [
        document_add(
            region=region_a,
            actor=personas.admin_a,
            project=project,
            kind="commitment_letter",
            upload=SimpleUploadedFile(f"surat-{n}.pdf", PDF_BYTES, "application/pdf"),
        )
        for n in range(2)
    ]
    url = f"/api/v1/lab/projects/{project.pk}/documents/{{}}/"
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    refused = {
        "operator of another OPD": make_member(
            region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk
        ),
        "leader": personas.leader_a,
        "admin of another region": personas.admin_b,
        "anonymous": None,
    }
    for who, user in refused.items():
        client = api_for(user, region_a, token=user is not None)
        status = client.delete(url.format(documents[0].pk)).status_code
        assert status in (401, 403, 404), (who, status)
    operator = api_for(personas.operator_a, region_a, token=True)
    assert operator.delete(url.format(documents[0].pk)).status_code == 204
    assert operator.delete(url.format(documents[0].pk)).status_code == 404
    with tenant_context(region_a):
        assert list(StageDocument.objects.values_list("pk", flat=True)) == [documents[1].pk]
        type(project).objects.filter(pk=project.pk).update(finished_at=timezone.now())
    finished = operator.delete(url.format(documents[1].pk))
    assert finished.status_code == 409, finished.content


def test_a_commitment_becomes_evidence_where_the_rubric_takes_it(
    personas, region_a, api_for, monkeypatch
):
    """No SPD indicator asks for these documents today (tenants/lab/data/commitments.yaml);
    were one to (SPD-12 stands in), the region's admins attach the file over the API too."""
    import datetime

    from tenants.assessment.models import Evidence
    from tenants.lab.services import commitment_save

    commitment = commitment_save(
        region=region_a,
        actor=personas.operator_a,
        opd=personas.opd_a,
        year=2026,
        kind="sk_tim_inovasi",
        number="800/12/2026",
        signed_on=datetime.date(2026, 1, 15),
        signed_by="Kepala Dinas Kesehatan",
        upload=pdf("sk.pdf"),
    )
    url = f"/api/v1/lab/commitments/{commitment.pk}/evidence/"
    admin = api_for(personas.admin_a, region_a, token=True)
    not_scored = admin.post(url, {"indicator": "SPD-12"})
    assert not_scored.status_code == 400
    monkeypatch.setattr("tenants.lab.services.evidence_indicators", lambda kind, year: ("SPD-12",))
    for user in (personas.operator_a, personas.verifier_a, personas.admin_b, None):
        client = api_for(user, region_a, token=user is not None)
        assert client.post(url, {"indicator": "SPD-12"}).status_code in (401, 403, 404)
    with tenant_context(region_a):
        assert not Evidence.objects.exists()
    attached = admin.post(url, {"indicator": "SPD-12"})
    assert attached.status_code == 201, attached.content
    with tenant_context(region_a):
        evidence = Evidence.objects.get(answer__indicator_code="SPD-12", answer__year=2026)
    assert attached.json()["id"] == evidence.pk and evidence.original_name == "sk.pdf"


def test_the_standard_opd_units_are_added_once_by_admins(personas, region_a, api_for):
    from tenants.organization.models import OpdUnit

    def units() -> int:
        with tenant_context(region_a):
            return OpdUnit.objects.count()

    before = units()
    for user in (personas.operator_a, personas.verifier_a, personas.admin_b, None):
        client = api_for(user, region_a, token=user is not None)
        assert client.post("/api/v1/opd-units/standard/").status_code in (401, 403)
    assert units() == before
    admin = api_for(personas.admin_a, region_a, token=True)
    added = admin.post("/api/v1/opd-units/standard/")
    assert added.status_code == 200 and added.json()["added"] > 10
    assert units() == before + added.json()["added"]
    assert admin.post("/api/v1/opd-units/standard/").json() == {"added": 0}
