"""The calls API: public reading and submitting, receipts, attachments by receipt, managers'
submission lists, and jurors' declarations and scores, refused to everyone else."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.calls import services
from tenants.calls.models import Call, StageScore, Submission
from tests.calls.helpers import open_call, public_submission, seat_jurors
from tests.calls.test_pages import fresh_ip
from tests.registry.helpers import pdf

PAYLOAD = {
    "submitter_kind": "student",
    "contact_name": "Fauzan",
    "contact_email": "fauzan@contoh.test",
    "team_members": ["Aisyah"],
    "title": "Aplikasi pantau stunting",
    "category": "health",
    "problem": "Data posyandu tercecer.",
    "solution": "Aplikasi pencatatan.",
}


def test_anyone_reads_open_calls_and_submits_then_follows_the_receipt(personas, region_a, api_for):
    call = open_call(region_a, personas.admin_a)
    draft = services.call_create(
        region=region_a,
        actor=personas.admin_a,
        data={
            **{k: getattr(call, k) for k in ("opens_on", "closes_on", "max_team_size")},
            "title": "Draf",
            "categories": ["ict"],
            "submitter_kinds": ["public"],
        },
    )
    client = api_for(None, region_a)
    listed = client.get("/api/v1/calls/").json()
    titles = [item["title"] for item in listed["results"]]
    assert call.title in titles and "Draf" not in titles
    assert client.get(f"/api/v1/calls/{draft.pk}/").status_code == 404
    detail = client.get(f"/api/v1/calls/{call.pk}/").json()
    assert detail["stages"][0]["name"] == "Seleksi administrasi"
    assert len(detail["criteria"]) == 4

    response = client.post(
        f"/api/v1/calls/{call.pk}/submit/", PAYLOAD, format="json", REMOTE_ADDR=fresh_ip()
    )
    assert response.status_code == 201, response.json()
    number = response.json()["receipt_number"]
    assert "Fauzan" not in str(response.json())
    # ASN submissions need an account (the pages).
    refused = client.post(
        f"/api/v1/calls/{call.pk}/submit/",
        {**PAYLOAD, "submitter_kind": "asn"},
        format="json",
        REMOTE_ADDR=fresh_ip(),
    )
    assert refused.status_code == 400

    attached = client.post(
        f"/api/v1/call-receipts/{number}/attachments/",
        {"file": pdf("proposal.pdf")},
        format="multipart",
        REMOTE_ADDR=fresh_ip(),
    )
    assert attached.status_code == 201, attached.json()
    receipt = client.get(f"/api/v1/call-receipts/{number}/", REMOTE_ADDR=fresh_ip()).json()
    assert receipt["status_label"] == "Dalam proses seleksi"
    assert "Fauzan" not in str(receipt)
    assert (
        client.get("/api/v1/call-receipts/SYB-2026-NOPE/", REMOTE_ADDR=fresh_ip()).status_code
        == 404
    )
    with tenant_context(region_a):
        assert Submission.objects.get(receipt_number=number).attachments.count() == 1

    # Managers list submissions; visitors and other regions' admins cannot.
    assert client.get(f"/api/v1/calls/{call.pk}/submissions/").status_code in (401, 403)
    assert (
        api_for(personas.admin_b, region_a).get(f"/api/v1/calls/{call.pk}/submissions/").status_code
        == 403
    )
    managed = api_for(personas.admin_a, region_a).get(f"/api/v1/calls/{call.pk}/submissions/")
    assert managed.status_code == 200
    assert managed.json()["results"][0]["contact_email"] == "fauzan@contoh.test"


def test_jurors_declare_and_score_through_the_api(personas, region_a, api_for):
    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call)
    (juror,) = seat_jurors(region_a, personas.admin_a, call, count=1)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    with tenant_context(region_a):
        criteria = list(Call.objects.get(pk=call.pk).criteria.all())
    scores = {str(c.pk): 70 for c in criteria}
    client = api_for(juror, region_a)
    early = client.post(
        f"/api/v1/call-submissions/{submission.pk}/scores/", {"scores": scores}, format="json"
    )
    assert early.status_code == 400
    assert (
        client.post(
            f"/api/v1/call-submissions/{submission.pk}/declaration/",
            {"has_conflict": False},
            format="json",
        ).status_code
        == 201
    )
    scored = client.post(
        f"/api/v1/call-submissions/{submission.pk}/scores/", {"scores": scores}, format="json"
    )
    assert scored.status_code == 200, scored.json()
    assert scored.json()["total"] == "70.00"
    admin = api_for(personas.admin_a, region_a)  # may judge, but has no seat on this jury
    assert (
        admin.post(
            f"/api/v1/call-submissions/{submission.pk}/declaration/",
            {"has_conflict": False},
            format="json",
        ).status_code
        == 404
    )
    with tenant_context(region_a):
        assert StageScore.objects.count() == 1
