"""Replication requests over the API: the same rules as the pages (tests/replication/
test_requests_pages.py), the error envelope of api/errors.py, and the lineage."""

from __future__ import annotations

import pytest

from replication.requests.models import ReplicationRequest, RequestStatus
from tests.registry.helpers import pdf, png
from tests.replication.helpers import published_entry
from tests.replication.request_helpers import network, visit_day

S = RequestStatus
REQUESTS = "/api/v1/replication/requests/"


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


def test_create_a_request_over_the_api(net, personas, api_for):
    entry = net.entry()
    client = api_for(net.requester_admin, net.requester, token=True)
    response = client.post(
        REQUESTS,
        {"public_id": str(entry.public_id), "message": "Mohon izin", "letter": pdf()},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["direction"] == "outgoing"
    assert body["origin"]["code"] == net.origin.code
    assert [e["action"] for e in body["events"]] == ["submit"]
    assert body["events"][0]["documents"][0]["kind"] == "letter_of_interest"
    assert [t["name"] for t in body["allowed_transitions"]] == ["cancel"]
    assert body["allowed_transitions"][0]["needs"] == ["note"]
    # A duplicate: 409 with the message.
    again = client.post(
        REQUESTS, {"public_id": str(entry.public_id), "letter": pdf()}, format="multipart"
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "request_already_open"
    assert "masih berjalan" in again.json()["error"]["message"]


def test_create_refusals(net, personas, api_for):
    entry = net.entry()
    own = api_for(net.origin_admin, net.origin).post(
        REQUESTS, {"public_id": str(entry.public_id), "letter": pdf()}, format="multipart"
    )
    assert own.status_code == 400
    assert "inovasinya sendiri" in own.json()["error"]["message"]
    not_pdf = api_for(net.requester_admin, net.requester).post(
        REQUESTS, {"public_id": str(entry.public_id), "letter": png()}, format="multipart"
    )
    assert not_pdf.status_code == 400 and "letter" in not_pdf.json()["error"]["fields"]
    unknown = api_for(net.requester_admin, net.requester).post(
        REQUESTS,
        {"public_id": "00000000-0000-0000-0000-000000000000", "letter": pdf()},
        format="multipart",
    )
    assert unknown.status_code == 404
    verifier = api_for(personas.verifier_a, net.origin).post(
        REQUESTS, {"public_id": str(entry.public_id), "letter": pdf()}, format="multipart"
    )
    assert verifier.status_code == 403
    json_body = api_for(net.requester_admin, net.requester).post(
        REQUESTS, {"public_id": str(entry.public_id)}, format="json"
    )
    assert json_body.status_code == 415
    assert not ReplicationRequest.objects.exists()


def test_the_inbox_is_paginated_and_filtered(net, personas, api_for):
    first = net.request_in(S.SUBMITTED)
    net.request_in(S.ACCEPTED, entry=net.entry("INOVASI DUA"))
    client = api_for(personas.leader_a, net.origin)
    body = client.get(REQUESTS).json()
    assert body["count"] == 2 and {r["direction"] for r in body["results"]} == {"incoming"}
    submitted = client.get(REQUESTS, {"box": "incoming", "status": "submitted"}).json()
    assert [r["id"] for r in submitted["results"]] == [first.pk]
    assert client.get(REQUESTS, {"box": "outgoing"}).json()["count"] == 0
    assert (
        api_for(net.requester_admin, net.requester)
        .get(REQUESTS, {"box": "outgoing"})
        .json()["count"]
        == 2
    )
    assert api_for(net.third_admin, net.third).get(REQUESTS).json()["count"] == 0
    bad = client.get(REQUESTS, {"box": "keduanya", "page_size": "0"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) >= {"box"}
    assert api_for(personas.outsider, net.origin).get(REQUESTS).status_code == 403
    anonymous = api_for(None, net.origin).get(REQUESTS)
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_detail_and_documents_only_for_the_two_regions(net, personas, api_for):
    request = net.request_in(S.VISIT_DONE)
    document = request.documents.get(kind="visit_minutes")
    detail = f"{REQUESTS}{request.pk}/"
    download = f"{detail}documents/{document.pk}/download/"
    origin = api_for(net.origin_admin, net.origin).get(detail).json()
    assert origin["direction"] == "incoming"
    assert [t["name"] for t in origin["allowed_transitions"]] == ["record_agreement"]
    option = origin["allowed_transitions"][0]
    assert option["documents"] == ["agreement"]
    assert option["optional"] == ["note", "agreement_valid_until", "reverse_entry"]
    visit = next(e for e in origin["events"] if e["action"] == "complete_visit")
    assert visit["actor_region"]["code"] == net.origin.code
    assert visit["data"]["visit_participants"].startswith("Bappeda")
    assert {d["kind"] for d in visit["documents"]} == {"visit_minutes", "visit_photo"}
    assert visit["documents"][0]["download_url"].startswith("http://banjar.localhost/api/v1/")
    for user, region in ((net.origin_admin, net.origin), (personas.verifier_a, net.origin)):
        response = api_for(user, region).get(download, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    requester = api_for(net.requester_admin, net.requester)
    assert requester.get(download).status_code == 200
    third = api_for(net.third_admin, net.third)
    for response in (
        third.get(detail),
        third.get(download),
        third.post(f"{detail}transitions/", {"transition": "cancel"}, format="multipart"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_transitions_over_the_api(net, personas, api_for):
    request = net.request_in(S.SUBMITTED)
    url = f"{REQUESTS}{request.pk}/transitions/"
    origin = api_for(net.origin_admin, net.origin, token=True)
    requester = api_for(net.requester_admin, net.requester, token=True)
    # The other side's step: 403. A member who is no admin: 403.
    wrong_side = requester.post(url, {"transition": "accept"}, format="multipart")
    assert wrong_side.status_code == 403
    verifier = api_for(personas.verifier_a, net.origin)
    assert verifier.post(url, {"transition": "accept"}, format="multipart").status_code == 403
    # Out of order: 409.
    early = origin.post(url, {"transition": "record_agreement"}, format="multipart")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "transition_not_allowed"
    # A decline without its reason: 400 on `note`.
    no_reason = origin.post(url, {"transition": "decline"}, format="multipart")
    assert no_reason.status_code == 400 and "note" in no_reason.json()["error"]["fields"]
    accepted = origin.post(url, {"transition": "accept", "note": "Silakan"}, format="multipart")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    twice = origin.post(url, {"transition": "accept"}, format="multipart")
    assert twice.status_code == 409
    # The page says reload; a program is told to read the request again.
    assert "baca lagi" in twice.json()["error"]["message"]
    assert "Muat ulang" not in twice.json()["error"]["message"]
    day = visit_day().isoformat()
    assert (
        requester.post(
            url, {"transition": "schedule_visit", "visit_date": day}, format="multipart"
        ).status_code
        == 200
    )
    visit = origin.post(
        url,
        {
            "transition": "complete_visit",
            "visit_date": day,
            "visit_participants": "Bappeda",
            "visit_minutes": pdf("notulen.pdf"),
            "visit_photo": [png("a.png"), png("b.png")],
        },
        format="multipart",
    )
    assert visit.status_code == 200, visit.json()
    assert visit.json()["status"] == "visit_recorded"
    assert visit.json()["recorded_by"] == "origin"
    assert len(visit.json()["events"][-1]["documents"]) == 3
    # The origin recorded it: only the requester confirms.
    own = origin.post(url, {"transition": "confirm_visit"}, format="multipart")
    assert own.status_code == 403
    confirmed = requester.post(url, {"transition": "confirm_visit"}, format="multipart")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "visit_done"
    theirs = published_entry(
        net.requester, net.requester_admin, net.opd_requester, name="KAMPUNG KB PESISIR"
    )
    missing_file = requester.post(
        url,
        {
            "transition": "record_agreement",
            "agreement_kind": "pks",
            "agreement_number": "PKS/1",
            "agreement_signed_on": day,
        },
        format="multipart",
    )
    assert missing_file.status_code == 400
    assert "agreement" in missing_file.json()["error"]["fields"]
    agreed = requester.post(
        url,
        {
            "transition": "record_agreement",
            "agreement_kind": "pks",
            "agreement_number": "PKS/1",
            "agreement_signed_on": day,
            "reverse_entry": str(theirs.public_id),
            "agreement": pdf("pks.pdf"),
        },
        format="multipart",
    )
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreement_recorded"
    assert agreed.json()["credited_at"] is None  # one side's word credits nothing
    assert agreed.json()["reverse_entry"] == str(theirs.public_id)
    agreed = origin.post(url, {"transition": "confirm_agreement"}, format="multipart")
    assert agreed.status_code == 200 and agreed.json()["credited_at"]
    assert agreed.json()["credit_year"] == visit_day().year
    other_way = ReplicationRequest.objects.get(requester=net.origin, origin=net.requester)
    shared = origin.get(f"{REQUESTS}{other_way.pk}/").json()
    assert shared["agreement_request"] == request.pk and shared["status"] == "agreement"
    started = requester.post(
        url,
        {"transition": "start_implementation", "opd_id": net.opd_requester.pk},
        format="multipart",
    )
    assert started.status_code == 200 and started.json()["replica_innovation_id"]
    unknown = requester.post(url, {"transition": "expire"}, format="multipart")
    assert unknown.status_code == 400 and "transition" in unknown.json()["error"]["fields"]


def test_lineage_over_the_api(net, personas, api_for):
    entry = net.entry()
    request = net.request_in(S.IMPLEMENTATION, entry=entry)
    origin = api_for(personas.leader_a, net.origin).get(
        f"/api/v1/replication/lineage/{entry.innovation_id}/"
    )
    assert origin.status_code == 200
    body = origin.json()
    assert body["origin"] is None and body["public_id"] == str(entry.public_id)
    assert [(r["region_name"], r["status"]) for r in body["replicas"]] == [
        (net.requester.display_name, "implementation")
    ]
    replica = api_for(net.requester_admin, net.requester).get(
        f"/api/v1/replication/lineage/{request.replica_innovation_id}/"
    )
    assert replica.json()["origin"]["public_id"] == str(entry.public_id)
    assert replica.json()["origin"]["request_id"] == request.pk
    assert replica.json()["replicas"] == []
    # Another region's innovation id means nothing here.
    assert (
        api_for(net.third_admin, net.third)
        .get(f"/api/v1/replication/lineage/{entry.innovation_id}/")
        .status_code
        == 404
    )
