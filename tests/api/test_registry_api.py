"""The innovation registry, verification and scoring over the region API: the same permissions as
the pages (who may do what, and what each OPD may see), region isolation, the workflow's
conflicts, checked uploads, and list queries that do not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role
from rubric.years import current_year
from tenants.assessment.workflow import fire
from tests.conftest import make_member, make_opd
from tests.registry.helpers import (
    DESIGN_300,
    EXE_BYTES,
    PDF_BYTES,
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
)


@dataclass
class World:
    own: object  # an innovation of operator_a's OPD (Dinas Kesehatan)
    other: object  # an innovation of another OPD (Dinas Pendidikan)
    own_report: object
    other_report: object
    own_answer: object  # SID-16 of the own innovation, with one PDF
    other_answer: object
    own_evidence: object
    other_evidence: object
    opd_b: object


@pytest.fixture
def world(personas, region_a) -> World:
    opd_b = make_opd(region_a, "Dinas Pendidikan")
    own = make_innovation(region_a, personas.admin_a, personas.opd_a, name="SEPEDA SEHAT")
    other = make_innovation(
        region_a, personas.admin_a, opd_b, name="SEKOLAH TERBUKA", affair="pendidikan"
    )
    own_report, other_report = current_report(region_a, own), current_report(region_a, other)
    own_answer = answer_with_pdf(region_a, personas.admin_a, own_report, "SID-16", 3)
    other_answer = answer_with_pdf(region_a, personas.admin_a, other_report, "SID-16", 2)
    with tenant_context(region_a):
        own_evidence, other_evidence = own_answer.evidence.get(), other_answer.evidence.get()
    return World(
        own,
        other,
        own_report,
        other_report,
        own_answer,
        other_answer,
        own_evidence,
        other_evidence,
        opd_b,
    )


def new_innovation_json(opd_id: int, name: str = "POSYANDU DIGITAL") -> dict:
    return {
        "name": name,
        "opd": opd_id,
        "stage": "implementation",
        "initiator": "opd",
        "is_digital": True,
        "form": "public_service",
        "affair": "kesehatan",
        "implemented_on": "2025-03-01",
        "design": DESIGN_300,
        "goals": "Menurunkan angka stunting.",
        "benefits": "Balita terpantau.",
        "results": "Kunjungan posyandu naik.",
    }


ROLES = ("operator_a", "verifier_a", "admin_a", "leader_a")

# (label, method, path, body, {role: expected status}); paths and bodies name world objects in
# braces. One row per operation; the operator's own OPD is Dinas Kesehatan (`own`).
TABLE = [
    ("list innovations", "get", "/api/v1/innovations/", None, dict.fromkeys(ROLES, 200)),
    ("own innovation", "get", "/api/v1/innovations/{own}/", None, dict.fromkeys(ROLES, 200)),
    (
        "other OPD's innovation",
        "get",
        "/api/v1/innovations/{other}/",
        None,
        {"operator_a": 404, "verifier_a": 200, "admin_a": 200, "leader_a": 200},
    ),
    (
        "create innovation for own OPD",
        "post",
        "/api/v1/innovations/",
        "new_own",
        {"operator_a": 201, "verifier_a": 403, "admin_a": 201, "leader_a": 403},
    ),
    (
        "create innovation for another OPD",
        "post",
        "/api/v1/innovations/",
        "new_other",
        {"operator_a": 403, "verifier_a": 403, "admin_a": 201, "leader_a": 403},
    ),
    (
        "change own innovation",
        "patch",
        "/api/v1/innovations/{own}/",
        {"goals": "Tujuan baru."},
        {"operator_a": 200, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    (
        "change other OPD's innovation",
        "patch",
        "/api/v1/innovations/{other}/",
        {"goals": "Tujuan baru."},
        {"operator_a": 404, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    (
        "delete own innovation",
        "delete",
        "/api/v1/innovations/{own}/",
        None,
        {"operator_a": 204, "verifier_a": 403, "admin_a": 204, "leader_a": 403},
    ),
    ("list reports", "get", "/api/v1/reports/", None, dict.fromkeys(ROLES, 200)),
    (
        "other OPD's report",
        "get",
        "/api/v1/reports/{other_report}/",
        None,
        {"operator_a": 404, "verifier_a": 200, "admin_a": 200, "leader_a": 200},
    ),
    (
        "submit own report",
        "post",
        "/api/v1/reports/{own_report}/transitions/",
        {"transition": "submit"},
        {"operator_a": 200, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    (
        "answer own SID indicator",
        "post",
        "/api/v1/reports/{own_report}/answers/",
        {"indicator_code": "SID-17", "level": 2},
        {"operator_a": 200, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    (
        "answer other OPD's SID indicator",
        "post",
        "/api/v1/reports/{other_report}/answers/",
        {"indicator_code": "SID-17", "level": 2},
        {"operator_a": 404, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    (
        "answer an SPD indicator",
        "post",
        "/api/v1/region-answers/",
        "spd_answer",
        {"operator_a": 403, "verifier_a": 403, "admin_a": 200, "leader_a": 403},
    ),
    ("read SPD answers", "get", "/api/v1/region-answers/", None, dict.fromkeys(ROLES, 200)),
    (
        "download own evidence",
        "get",
        "/api/v1/evidence/{own_evidence}/download/",
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "download other OPD's evidence",
        "get",
        "/api/v1/evidence/{other_evidence}/download/",
        None,
        {"operator_a": 404, "verifier_a": 200, "admin_a": 200, "leader_a": 200},
    ),
    (
        "remove own evidence",
        "delete",
        "/api/v1/evidence/{own_evidence}/",
        None,
        {"operator_a": 204, "verifier_a": 403, "admin_a": 204, "leader_a": 403},
    ),
    ("scores", "get", "/api/v1/scores/", None, dict.fromkeys(ROLES, 200)),
    ("readiness", "get", "/api/v1/readiness/", None, dict.fromkeys(ROLES, 200)),
    (
        "history",
        "get",
        "/api/v1/history/",
        None,
        {"operator_a": 403, "verifier_a": 200, "admin_a": 200, "leader_a": 200},
    ),
    ("list facilitators", "get", "/api/v1/facilitators/", None, dict.fromkeys(ROLES, 200)),
    (
        "add a facilitator",
        "post",
        "/api/v1/facilitators/",
        "facilitator",
        {"operator_a": 403, "verifier_a": 403, "admin_a": 201, "leader_a": 403},
    ),
    ("rubric indicators", "get", "/api/v1/rubric/years/{year}/indicators/", None, {}),
]
CASES = [
    pytest.param(role, method, path, body, expected.get(role, 200), id=f"{label}-{role}")
    for label, method, path, body, expected in TABLE
    for role in ROLES
]


@pytest.mark.parametrize(("role", "method", "path", "body", "status"), CASES)
def test_role_action_table(personas, region_a, world, api_for, role, method, path, body, status):
    names = {
        "own": world.own.pk,
        "other": world.other.pk,
        "own_report": world.own_report.pk,
        "other_report": world.other_report.pk,
        "own_evidence": world.own_evidence.pk,
        "other_evidence": world.other_evidence.pk,
        "year": current_year(),
    }
    bodies = {
        "new_own": new_innovation_json(personas.opd_a.pk),
        "new_other": new_innovation_json(world.opd_b.pk),
        "spd_answer": {"year": current_year(), "indicator_code": "SPD-01", "level": 1},
        "facilitator": {"opd": personas.opd_a.pk, "name": "Rina Marlina", "nip": "1988"},
    }
    client = api_for(getattr(personas, role), region_a)
    data = bodies.get(body, body) if isinstance(body, str) else body
    response = getattr(client, method)(path.format(**names), data, format="json")
    assert response.status_code == status, response.content[:300]


def test_operator_never_sees_another_opds_innovation(personas, region_a, world, api_for):
    client = api_for(personas.operator_a, region_a)
    rows = client.get("/api/v1/innovations/").json()["results"]
    assert [row["name"] for row in rows] == ["SEPEDA SEHAT"]
    reports = client.get("/api/v1/reports/").json()["results"]
    assert [row["innovation"]["name"] for row in reports] == ["SEPEDA SEHAT"]
    for path in (
        f"/api/v1/innovations/{world.other.pk}/",
        f"/api/v1/innovations/{world.other.pk}/budget-document/",
        f"/api/v1/reports/{world.other_report.pk}/",
        f"/api/v1/answers/{world.other_answer.pk}/",
        f"/api/v1/evidence/{world.other_evidence.pk}/",
        f"/api/v1/evidence/{world.other_evidence.pk}/download/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    assert client.delete(f"/api/v1/innovations/{world.other.pk}/").status_code == 404
    assert client.delete(f"/api/v1/evidence/{world.other_evidence.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/reports/{world.other_report.pk}/transitions/",
            {"transition": "submit"},
            format="json",
        ).status_code
        == 404
    )
    scored = client.get("/api/v1/scores/").json()["innovations"]
    assert [row["innovation"]["id"] for row in scored] == [world.own.pk]
    gaps = client.get("/api/v1/readiness/", {"page_size": 200}).json()["results"]
    assert gaps and {gap["innovation"]["id"] for gap in gaps} == {world.own.pk}
    assert client.get("/api/v1/readiness/", {"innovation": world.other.pk}).status_code == 404


def test_another_regions_user_is_refused_and_sees_no_files(
    personas, region_a, region_b, world, api_for
):
    outsider = api_for(personas.admin_b, region_a)
    for path in (
        "/api/v1/innovations/",
        f"/api/v1/innovations/{world.own.pk}/",
        f"/api/v1/reports/{world.own_report.pk}/",
        f"/api/v1/evidence/{world.own_evidence.pk}/download/",
        "/api/v1/scores/",
    ):
        response = outsider.get(path)
        assert response.status_code == 403, path
        assert b"%PDF" not in response.content
    assert (
        outsider.patch(
            f"/api/v1/innovations/{world.own.pk}/", {"goals": "x"}, format="json"
        ).status_code
        == 403
    )
    # On their own region's host, region A's ids name nothing.
    at_home = api_for(personas.admin_b, region_b)
    assert at_home.get(f"/api/v1/innovations/{world.own.pk}/").status_code == 404
    assert at_home.get(f"/api/v1/evidence/{world.own_evidence.pk}/download/").status_code == 404
    assert at_home.get("/api/v1/innovations/").json()["count"] == 0


def test_workflow_transitions_legal_and_illegal(personas, region_a, world, api_for):
    path = f"/api/v1/reports/{world.own_report.pk}/"
    operator = api_for(personas.operator_a, region_a)
    verifier = api_for(personas.verifier_a, region_a)
    assert [t["name"] for t in operator.get(path).json()["allowed_transitions"]] == ["submit"]
    assert verifier.get(path).json()["allowed_transitions"] == []

    submitted = operator.post(path + "transitions/", {"transition": "submit"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["allowed_transitions"] == []
    # A submitted report is read-only for its OPD.
    locked = operator.post(
        path + "answers/", {"indicator_code": "SID-17", "level": 1}, format="json"
    )
    assert locked.status_code == 400
    assert "diajukan" in locked.json()["error"]["message"]
    assert {t["name"] for t in verifier.get(path).json()["allowed_transitions"]} == {
        "return",
        "verify",
    }

    no_notes = verifier.post(path + "transitions/", {"transition": "return"}, format="json")
    assert no_notes.status_code == 400 and "notes" in no_notes.json()["error"]["fields"]
    # The national rule: mandatory indicators unanswered, no verification (and it says which).
    blocked = verifier.post(path + "transitions/", {"transition": "verify"}, format="json")
    assert blocked.status_code == 400
    assert "(wajib) belum dijawab" in blocked.json()["error"]["message"]
    answer_mandatory(region_a, world.own_report)
    verified = verifier.post(path + "transitions/", {"transition": "verify"}, format="json")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert verified.json()["answers"][0]["evidence"][0]["status"] == "accepted"

    again = verifier.post(path + "transitions/", {"transition": "verify"}, format="json")
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert "terverifikasi" in error["message"] and "Verifikasi" in error["message"]
    assert (
        operator.post(path + "transitions/", {"transition": "submit"}, format="json").status_code
        == 409
    )

    reopened = verifier.post(
        path + "transitions/",
        {"transition": "reopen", "reason": "Bukti SK salah tahun."},
        format="json",
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"
    assert [note["message"] for note in reopened.json()["notes"]] == ["Bukti SK salah tahun."]
    unknown = verifier.post(path + "transitions/", {"transition": "approve"}, format="json")
    assert unknown.status_code == 400 and "transition" in unknown.json()["error"]["fields"]


def test_return_with_notes_and_evidence_review(personas, region_a, world, api_for):
    fire("submit", region=region_a, actor=personas.operator_a, report=world.own_report)
    verifier = api_for(personas.verifier_a, region_a)
    review = f"/api/v1/evidence/{world.own_evidence.pk}/review/"
    no_reason = verifier.post(review, {"status": "rejected"}, format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()["error"]["fields"]
    rejected = verifier.post(
        review, {"status": "rejected", "note": "SK belum ditandatangani."}, format="json"
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["review_note"] == "SK belum ditandatangani."
    assert (
        api_for(personas.operator_a, region_a)
        .post(review, {"status": "accepted"}, format="json")
        .status_code
        == 403
    )

    returned = verifier.post(
        f"/api/v1/reports/{world.own_report.pk}/transitions/",
        {
            "transition": "return",
            "notes": [
                {"target": "SID-16", "message": "Unggah SK yang sudah ditandatangani."},
                {"target": "design", "message": "Lengkapi dasar hukum."},
            ],
        },
        format="json",
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert {note["target"] for note in returned.json()["notes"]} == {"SID-16", "design"}
    # Sent again, the state has moved on: a 409 telling a program to read again, not a page
    # instruction.
    again = verifier.post(
        f"/api/v1/reports/{world.own_report.pk}/transitions/",
        {"transition": "return", "notes": [{"target": "design", "message": "Lagi."}]},
        format="json",
    )
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "transition_not_allowed" and "baca lagi" in error["message"]
    assert "Muat ulang" not in error["message"]
    body = (
        api_for(personas.operator_a, region_a).get(f"/api/v1/reports/{world.own_report.pk}/").json()
    )
    assert [t["name"] for t in body["allowed_transitions"]] == ["submit"]


def test_evidence_upload_is_checked_by_content(personas, region_a, world, api_for):
    operator = api_for(personas.operator_a, region_a)
    path = f"/api/v1/answers/{world.own_answer.pk}/evidence/"
    renamed = SimpleUploadedFile("sk-inovasi.pdf", EXE_BYTES, content_type="application/pdf")
    refused = operator.post(path, {"file": renamed}, format="multipart")
    assert refused.status_code == 400
    message = refused.json()["error"]["fields"]["file"][0]
    assert "bukan PDF" in message and "sk-inovasi.pdf" in message

    wrong_kind = SimpleUploadedFile("foto.png", PDF_BYTES, content_type="image/png")
    assert operator.post(path, {"file": wrong_kind}, format="multipart").status_code == 400
    assert operator.post(path, {}, format="multipart").status_code == 400
    link = operator.post(path, {"url": "https://contoh.go.id/sk"}, format="multipart")
    assert link.status_code == 400  # SID-16 takes files only
    assert "tautan" in link.json()["error"]["fields"]["url"][0]

    good = SimpleUploadedFile("sk-kedua.pdf", PDF_BYTES, content_type="application/pdf")
    created = operator.post(path, {"file": good}, format="multipart")
    assert created.status_code == 201
    body = created.json()
    assert body["kind"] == "file" and body["content_type"] == "application/pdf"
    download = operator.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "sk-kedua.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_BYTES

    with tenant_context(region_a):
        assert world.own_answer.evidence.count() == 2  # the refused uploads left nothing


def test_evidence_download_for_a_second_opd_operator(personas, region_a, world, api_for):
    other_operator = make_member(
        region_a, Role.OPD_OPERATOR, "operator.dikbud@banjar.test", opd_id=world.opd_b.pk
    )
    client = api_for(other_operator, region_a)
    assert client.get(f"/api/v1/evidence/{world.own_evidence.pk}/download/").status_code == 404
    mine = client.get(f"/api/v1/evidence/{world.other_evidence.pk}/download/")
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"


def test_profile_documents_upload_and_authorised_download(personas, region_a, api_for):
    operator = api_for(personas.operator_a, region_a)
    created = operator.post("/api/v1/innovations/", new_innovation_json(personas.opd_a.pk))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["budget_document_url"] is None and body["year_report"]["status"] == "draft"
    # The profile is JSON; each document has its own address, multipart only.
    address = f"/api/v1/innovations/{body['id']}/budget-document/"
    as_json = operator.put(address, {"file": "dpa.pdf"})
    assert as_json.status_code == 415, as_json.content
    upload = SimpleUploadedFile("dpa.pdf", PDF_BYTES, "application/pdf")
    assert operator.put(address, {"file": upload}, format="multipart").status_code == 204
    url = operator.get(f"/api/v1/innovations/{body['id']}/").json()["budget_document_url"]
    download = operator.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    missing = operator.get(f"/api/v1/innovations/{body['id']}/business-profile/")
    assert missing.status_code == 404

    renamed = SimpleUploadedFile("profil.pdf", EXE_BYTES, "application/pdf")
    refused = operator.put(
        f"/api/v1/innovations/{body['id']}/business-profile/", {"file": renamed}, format="multipart"
    )
    assert refused.status_code == 400
    assert "bukan PDF" in refused.json()["error"]["fields"]["file"][0]
    assert api_for(personas.admin_b, region_a).get(url).status_code == 403
    # Someone who may see but not edit the innovation cannot replace its documents.
    again = SimpleUploadedFile("dpa.pdf", PDF_BYTES, "application/pdf")
    viewer = api_for(personas.province_viewer, region_a)
    assert viewer.put(address, {"file": again}, format="multipart").status_code in (403, 404)


def test_innovation_crud_validation_and_filters(personas, region_a, world, api_for):
    admin = api_for(personas.admin_a, region_a)
    # Implemented before its trial began: a contradiction (a missing date is only a draft's gap).
    inconsistent = new_innovation_json(personas.opd_a.pk) | {
        "trial_started_on": "2025-05-01",
        "implemented_on": "2025-03-01",
    }
    refused = admin.post("/api/v1/innovations/", inconsistent, format="json")
    assert refused.status_code == 400
    assert "implemented_on" in refused.json()["error"]["fields"]
    duplicate = admin.post(
        "/api/v1/innovations/",
        new_innovation_json(personas.opd_a.pk, name="sepeda sehat"),
        format="json",
    )
    assert duplicate.status_code == 409

    def names(**params):
        rows = admin.get("/api/v1/innovations/", params).json()["results"]
        return [row["name"] for row in rows]

    assert names() == ["SEKOLAH TERBUKA", "SEPEDA SEHAT"]
    assert names(ordering="-name") == ["SEPEDA SEHAT", "SEKOLAH TERBUKA"]
    assert names(search="sepeda") == ["SEPEDA SEHAT"]
    assert names(opd=world.opd_b.pk) == ["SEKOLAH TERBUKA"]
    assert names(affair="pendidikan") == ["SEKOLAH TERBUKA"]
    assert names(status="submitted") == []
    assert names(status="draft", is_digital="true", stage="implementation") == [
        "SEKOLAH TERBUKA",
        "SEPEDA SEHAT",
    ]
    for bad in ({"is_digital": "mungkin"}, {"opd": "x"}, {"stage": "x"}, {"year": "1999"}):
        response = admin.get("/api/v1/innovations/", bad)
        assert response.status_code == 400, bad
        assert set(response.json()["error"]["fields"]) == set(bad)

    row = admin.get("/api/v1/innovations/", {"search": "sepeda"}).json()["results"][0]
    assert row["year_report"]["report_id"] == world.own_report.pk
    assert row["year_report"]["potential"] == "9.00"  # SID-16 level 3, evidence not verified
    assert row["year_report"]["score"] == "0.00"
    assert row["year_report"]["eligible"] is True

    changed = admin.patch(
        f"/api/v1/innovations/{world.own.pk}/", {"results": "Naik 40%."}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["results"] == "Naik 40%."
    fire("submit", region=region_a, actor=personas.admin_a, report=world.own_report)
    locked = admin.patch(
        f"/api/v1/innovations/{world.own.pk}/", {"results": "Lagi."}, format="json"
    )
    assert locked.status_code == 400 and "diajukan" in locked.json()["error"]["message"]
    kept = admin.delete(f"/api/v1/innovations/{world.own.pk}/")
    assert kept.status_code == 400 and "pernah diajukan" in kept.json()["error"]["message"]
    assert admin.put(f"/api/v1/innovations/{world.own.pk}/", {}, format="json").status_code == 405


def test_scores_and_readiness(personas, region_a, world, api_for):
    fire("submit", region=region_a, actor=personas.operator_a, report=world.own_report)
    answer_mandatory(region_a, world.own_report)
    fire("verify", region=region_a, actor=personas.verifier_a, report=world.own_report)
    leader = api_for(personas.leader_a, region_a)
    scores = leader.get("/api/v1/scores/").json()
    assert scores["year"] == current_year()
    by_id = {row["innovation"]["id"]: row for row in scores["innovations"]}
    assert by_id[world.own.pk]["score"] == "9.00"
    assert by_id[world.other.pk]["score"] == "0.00"
    assert float(scores["index"]) > 0 and scores["predicate_label"]
    assert len(scores["spd"]) == 20

    ready = leader.get("/api/v1/readiness/", {"page_size": 200}).json()
    assert float(ready["potential_index"]) >= float(ready["index"])
    assert ready["gain"] == f"{float(ready['potential_index']) - float(ready['index']):.2f}"
    stakes = [float(gap["stake"]) for gap in ready["results"]]
    assert stakes == sorted(stakes, reverse=True)
    assert any(gap["innovation"] is None for gap in ready["results"])  # SPD gaps
    unverified = leader.get(
        "/api/v1/readiness/",
        {"innovation": world.other.pk, "kind": "evidence_unverified"},
    ).json()["results"]
    assert [(gap["target"], gap["innovation"]["id"]) for gap in unverified] == [
        ("SID-16", world.other.pk)
    ]
    # A year the schema allows (2000 to 2100) that no rubric covers: 404, naming the years there are.
    no_rubric = leader.get("/api/v1/scores/", {"year": "2019"})
    assert no_rubric.status_code == 404
    assert no_rubric.json()["error"]["code"] == "year_not_available"
    assert str(current_year()) in no_rubric.json()["error"]["message"]
    assert leader.get("/api/v1/scores/", {"year": "dua ribu"}).status_code == 400


def test_spd_answers_history_and_rubric(personas, region_a, world, api_for):
    admin = api_for(personas.admin_a, region_a)
    year = current_year()
    answered = admin.post(
        "/api/v1/region-answers/",
        {"year": year, "indicator_code": "SPD-01", "level": 2, "note": "RPJMD memuat inovasi."},
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["report"] is None
    wrong = admin.post(
        "/api/v1/region-answers/",
        {"year": year, "indicator_code": "SID-16", "level": 2},
        format="json",
    )
    assert wrong.status_code == 400 and "indicator_code" in wrong.json()["error"]["fields"]
    spd = admin.get("/api/v1/region-answers/").json()["results"]
    assert [row["indicator_code"] for row in spd] == ["SPD-01"]

    history = admin.get("/api/v1/history/", {"innovation": world.own.pk}).json()["results"]
    assert {row["action"] for row in history} >= {"created", "answered", "evidence_added"}
    only_answers = admin.get("/api/v1/history/", {"subject": "answer", "year": year}).json()
    assert {row["subject"] for row in only_answers["results"]} == {"answer"}

    public = api_for(None)
    years = public.get("/api/v1/rubric/years/").json()["results"]
    assert years[0]["year"] == max(row["year"] for row in years) and years[0]["bands"]
    sid = public.get(f"/api/v1/rubric/years/{year}/indicators/", {"part": "sid"}).json()
    assert sid["count"] == 20 and sid["results"][0]["code"] == "SID-16"
    assert sid["results"][0]["options"][0]["level"] == 1
    assert public.get("/api/v1/rubric/years/1990/indicators/").status_code == 404
    assert api_for(None, region_a).get("/api/v1/rubric/years/").status_code == 200


def test_facilitator_crud_is_for_region_admins(personas, region_a, api_for):
    from core.models import AuditEvent

    admin = api_for(personas.admin_a, region_a)
    created = admin.post(
        "/api/v1/facilitators/",
        {"opd": personas.opd_a.pk, "name": "Rina Marlina", "email": "rina@banjar.go.id"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["opd_name"] == "Dinas Kesehatan"
    pk = created.json()["id"]
    other_opd = make_opd(region_a, "Dinas Sosial")
    admin.post("/api/v1/facilitators/", {"opd": other_opd.pk, "name": "Budi"}, format="json")
    listed = admin.get("/api/v1/facilitators/", {"opd": personas.opd_a.pk}).json()["results"]
    assert [row["name"] for row in listed] == ["Rina Marlina"]
    bad_email = admin.patch(f"/api/v1/facilitators/{pk}/", {"email": "bukan"}, format="json")
    assert bad_email.status_code == 400
    moved = admin.patch(
        f"/api/v1/facilitators/{pk}/", {"opd": other_opd.pk, "phone": "0812"}, format="json"
    )
    assert moved.json()["opd"] == other_opd.pk and moved.json()["phone"] == "0812"
    operator = api_for(personas.operator_a, region_a)
    assert operator.get(f"/api/v1/facilitators/{pk}/").status_code == 200
    assert operator.delete(f"/api/v1/facilitators/{pk}/").status_code == 403
    assert admin.delete(f"/api/v1/facilitators/{pk}/").status_code == 204
    assert admin.get(f"/api/v1/facilitators/{pk}/").status_code == 404
    events = AuditEvent.objects.filter(region=region_a, event_type__startswith="opd.facilitator")
    assert sorted(events.values_list("event_type", flat=True)) == [
        "opd.facilitator_created",
        "opd.facilitator_created",
        "opd.facilitator_deleted",
        "opd.facilitator_updated",
    ]


def _list_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 50})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/api/v1/innovations/", "/api/v1/reports/"])
def test_list_query_count_does_not_grow_with_innovations(personas, region_a, api_for, path):
    from tenants.assessment.services import answer_set

    client = api_for(personas.admin_a, region_a)

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            innovation = make_innovation(
                region_a, personas.admin_a, personas.opd_a, name=f"INOVASI {index:02d}"
            )
            answer_set(
                region=region_a,
                actor=personas.admin_a,
                year=current_year(),
                report=current_report(region_a, innovation),
                indicator_code="SID-17",
                level=2,
            )

    add(3, 0)
    client.get(path)  # warm the session and caches
    with_three = _list_queries(client, path)
    add(17, 3)
    with_twenty = _list_queries(client, path)
    assert with_twenty == with_three
    assert client.get(path).json()["count"] == 20


def test_token_authentication(personas, region_a, world, api_for):
    client = api_for(personas.operator_a, region_a, token=True)
    response = client.get("/api/v1/innovations/")
    assert response.status_code == 200 and response.json()["count"] == 1
    created = client.post(
        "/api/v1/innovations/", new_innovation_json(personas.opd_a.pk), format="json"
    )
    assert created.status_code == 201
    bad = api_for(None, region_a)
    bad.credentials(HTTP_AUTHORIZATION="Bearer " + "0" * 40)
    refused = bad.get("/api/v1/innovations/")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    assert api_for(None, region_a).get("/api/v1/innovations/").status_code in (401, 403)
