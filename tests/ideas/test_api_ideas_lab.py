"""The idea box and the lab over the API: the same rules as the pages (propose, triage, adopt;
projects, documents, advancing; commitments), other OPDs and regions refused."""

from __future__ import annotations

import pytest

from tenants.ideas.models import IdeaStatus
from tests.conftest import make_member, make_opd
from tests.registry.helpers import pdf

IDEA = {
    "title": "Antrean daring puskesmas",
    "problem": "Warga menunggu berjam-jam di puskesmas.",
    "proposal": "Nomor antrean lewat WhatsApp.",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_propose_triage_adopt_and_work_in_the_lab(personas, region_a, api_for, media):
    operator = api_for(personas.operator_a, region_a)
    admin = api_for(personas.admin_a, region_a)
    created = api_for(personas.verifier_a, region_a).post("/api/v1/ideas/", IDEA, format="json")
    assert created.status_code == 201, created.json()
    idea = created.json()
    assert idea["status"] == "new" and idea["receipt_code"]
    # Not shared yet: the operator does not see it; the admin sees it with its proposer.
    assert operator.get(f"/api/v1/ideas/{idea['id']}/").status_code == 404
    seen = admin.get(f"/api/v1/ideas/{idea['id']}/").json()
    assert seen["proposer_contact"] == "verifikator@banjar.test"
    assert (
        operator.post(
            f"/api/v1/ideas/{idea['id']}/triage/", {"status": "accepted"}, format="json"
        ).status_code
        == 403
    )
    triaged = admin.post(
        f"/api/v1/ideas/{idea['id']}/triage/", {"status": "accepted"}, format="json"
    )
    assert triaged.status_code == 200 and triaged.json()["status"] == IdeaStatus.ACCEPTED
    listed = operator.get("/api/v1/ideas/", {"status": "accepted"}).json()
    assert [item["id"] for item in listed["results"]] == [idea["id"]]
    assert listed["results"][0]["proposer_contact"] == ""
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    assert (
        operator.post(
            f"/api/v1/ideas/{idea['id']}/adopt/", {"opd": other_opd.pk}, format="json"
        ).status_code
        == 403
    )
    adopted = operator.post(
        f"/api/v1/ideas/{idea['id']}/adopt/", {"opd": personas.opd_a.pk}, format="json"
    )
    assert adopted.status_code == 201
    project = adopted.json()
    assert project["origin_idea"] == idea["id"] and project["stage"] == "drum_up"

    advance = f"/api/v1/lab/projects/{project['id']}/advance/"
    assert operator.post(advance).status_code == 400  # the commitment letter is missing
    upload = operator.post(
        f"/api/v1/lab/projects/{project['id']}/documents/",
        {"kind": "commitment_letter", "file": pdf()},
        format="multipart",
    )
    assert upload.status_code == 201, upload.json()
    document = upload.json()
    detail = operator.post(advance).json()
    assert detail["stage"] == "diagnose"
    assert detail["stages"][0]["documents"][0]["id"] == document["id"]
    assert detail["stages"][1]["missing"]
    download = f"/api/v1/lab/projects/{project['id']}/documents/{document['id']}/download/"
    assert operator.get(download).status_code == 200

    other_operator = api_for(
        make_member(region_a, "opd_operator", "disdik@banjar.test", opd_id=other_opd.pk), region_a
    )
    for url in (f"/api/v1/lab/projects/{project['id']}/", download):
        assert other_operator.get(url).status_code == 404
    assert other_operator.post(advance).status_code == 404
    assert other_operator.get("/api/v1/lab/projects/").json()["results"] == []
    assert api_for(personas.leader_a, region_a).post(advance).status_code == 403
    assert api_for(personas.admin_b, region_a).get("/api/v1/lab/projects/").status_code == 403


def test_commitments_over_the_api(personas, region_a, api_for, media):
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    operator = api_for(personas.operator_a, region_a)
    body = {
        "opd": personas.opd_a.pk,
        "year": 2026,
        "kind": "sk_tim_inovasi",
        "number": "800/1/2026",
        "signed_on": "2026-01-10",
        "signed_by": "Kepala Dinas Kesehatan",
    }
    created = operator.post("/api/v1/lab/commitments/", {**body, "file": pdf()}, format="multipart")
    assert created.status_code == 201, created.json()
    refused = operator.post(
        "/api/v1/lab/commitments/", {**body, "opd": other_opd.pk, "file": pdf()}, format="multipart"
    )
    assert refused.status_code == 403
    listed = api_for(personas.leader_a, region_a).get("/api/v1/lab/commitments/", {"year": 2026})
    assert [item["number"] for item in listed.json()["results"]] == ["800/1/2026"]
    other = api_for(
        make_member(region_a, "opd_operator", "disdik@banjar.test", opd_id=other_opd.pk), region_a
    )
    assert other.get("/api/v1/lab/commitments/", {"year": 2026}).json()["results"] == []
    download = f"/api/v1/lab/commitments/{created.json()['id']}/download/"
    assert operator.get(download).status_code == 200
    assert other.get(download).status_code == 404
