"""`Idempotency-Key` (issue #20): a POST sent again with its key is done once and answered the
same; the key with another request is a 422; a request that failed keeps nothing, so it can be
sent again; keys are their sender's own."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.organization.models import OpdUnit

pytestmark = pytest.mark.django_db

OPD = {"name": "Dinas Perikanan", "short_name": "Diskan"}


def _units(region, name: str) -> int:
    with tenant_context(region):
        return OpdUnit.objects.filter(name=name).count()


def test_a_post_sent_again_with_its_key_is_done_once(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    first = admin.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="opd-diskan-1")
    assert first.status_code == 201, first.content
    again = admin.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="opd-diskan-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert _units(region_a, "Dinas Perikanan") == 1

    other_body = admin.post(
        "/api/v1/opd-units/", {"name": "Dinas Pariwisata"}, HTTP_IDEMPOTENCY_KEY="opd-diskan-1"
    )
    assert other_body.status_code == 422
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert _units(region_a, "Dinas Pariwisata") == 0
    # Without a key, or with another one, a request is a new request.
    assert admin.post("/api/v1/opd-units/", {"name": "Dinas Pariwisata"}).status_code == 201


def test_a_refused_or_failed_request_keeps_nothing_and_can_be_sent_again(
    personas, region_a, api_for, monkeypatch
):
    admin = api_for(personas.admin_a, region_a)
    refused = admin.post("/api/v1/opd-units/", {"name": ""}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert refused.status_code == 400
    assert admin.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201

    # The work done, then the process fails before answering: the work is undone with the key.
    from api.organization import views

    def crash(*args, **kwargs):
        raise RuntimeError("proses mati sebelum menjawab")

    monkeypatch.setattr(views.OpdUnitListApi, "get_success_headers", crash)
    admin.raise_request_exception = False  # answered as a real server would: a 500
    failed = admin.post("/api/v1/opd-units/", {"name": "Dinas Pangan"}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert failed.status_code == 500
    assert _units(region_a, "Dinas Pangan") == 0
    monkeypatch.undo()
    retried = admin.post("/api/v1/opd-units/", {"name": "Dinas Pangan"}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert _units(region_a, "Dinas Pangan") == 1


def test_keys_are_their_senders_own_and_must_be_well_formed(personas, region_a, api_for):
    from accounts.models import Role
    from tests.conftest import make_member

    admin = api_for(personas.admin_a, region_a)
    other_admin = api_for(make_member(region_a, Role.REGION_ADMIN, "admin2@banjar.test"), region_a)
    assert admin.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    theirs = other_admin.post(
        "/api/v1/opd-units/", {"name": "Dinas Pangan"}, HTTP_IDEMPOTENCY_KEY="same"
    )
    assert theirs.status_code == 201 and theirs.json()["name"] == "Dinas Pangan"
    too_long = admin.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="x" * 256)
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "invalid_idempotency_key"


def test_a_step_sent_again_is_taken_once(personas, region_a, region_b, api_for):
    from replication.requests.models import RequestStatus
    from tests.replication.request_helpers import network

    net = network(personas, region_a, region_b)
    request = net.request_in(RequestStatus.SUBMITTED)
    origin = api_for(net.origin_admin, net.origin, token=True)
    url = f"/api/v1/replication/requests/{request.pk}/transitions/"
    step = {"transition": "accept", "note": "Silakan"}
    first = origin.post(url, step, format="multipart", HTTP_IDEMPOTENCY_KEY="accept-1")
    assert first.status_code == 200, first.content
    again = origin.post(url, step, format="multipart", HTTP_IDEMPOTENCY_KEY="accept-1")
    # Without the key the second "accept" would be refused (the request is accepted already).
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.events.filter(action="accept").count() == 1


def test_a_replayed_answer_tells_of_deprecations_as_the_first_did(personas, region_a, api_for):
    from tests.conftest import make_token

    # The `Token` keyword is deprecated: every answer to a request using it says so, the
    # replay of a kept answer and the refusal of a reused key included.
    old_keyword = api_for(
        personas.admin_a, region_a, token=make_token(personas.admin_a), scheme="Token"
    )
    first = old_keyword.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="opd-diskan-lama")
    assert first.status_code == 201 and first["Deprecation"].startswith("@")
    again = old_keyword.post("/api/v1/opd-units/", OPD, HTTP_IDEMPOTENCY_KEY="opd-diskan-lama")
    assert again["Idempotent-Replayed"] == "true"
    for header in ("Deprecation", "Sunset", "Link"):
        assert again[header] == first[header]
    reused = old_keyword.post(
        "/api/v1/opd-units/", {"name": "Dinas Lain"}, HTTP_IDEMPOTENCY_KEY="opd-diskan-lama"
    )
    assert reused.status_code == 422 and reused["Sunset"] == first["Sunset"]


def test_a_large_upload_with_a_key_and_a_choice_is_done_once(
    personas, region_a, api_for, settings, tmp_path
):
    from tests.registry.helpers import pdf
    from tests.replication.helpers import verified_innovation

    # An upload bigger than Django holds in memory: its `kind` is checked from the stream
    # (api.contract) and its key's fingerprint is its length.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    innovation = verified_innovation(region_a, personas.admin_a, personas.opd_a)
    admin = api_for(personas.admin_a, region_a, token=True)
    address = f"/api/v1/innovations/{innovation.pk}/publication/"
    assert admin.put(address, {"contact_name": "Rina"}).status_code == 201
    documents = f"{address}documents/"
    wrong = admin.post(
        documents,
        {"kind": "surat", "file": pdf("sop.pdf")},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="sop-besar",
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["field_codes"] == {"kind": ["invalid_choice"]}
    upload = {"kind": "sop", "file": pdf("sop.pdf")}
    first = admin.post(documents, upload, format="multipart", HTTP_IDEMPOTENCY_KEY="sop-besar")
    assert first.status_code == 201, first.content
    upload = {"kind": "sop", "file": pdf("sop.pdf")}
    again = admin.post(documents, upload, format="multipart", HTTP_IDEMPOTENCY_KEY="sop-besar")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert len(admin.get(address).json()["documents"]) == 1
