"""Importing innovations from a spreadsheet over the API (issue #20): upload, read the preview,
confirm once, with the same engine and rules as the "Impor & ekspor" page."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.innovations.models import Innovation
from tests.spreadsheets.helpers import row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _names(region) -> set[str]:
    with tenant_context(region):
        return set(Innovation.objects.values_list("name", flat=True))


def test_an_upload_is_previewed_then_applied_once_on_confirmation(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    sheet = upload([row(name="Sepeda Baru"), row(name="Kartu Sehat", implemented_on="31/02/2025")])
    created = admin.post("/api/v1/imports/innovations/", {"file": sheet}, format="multipart")
    assert created.status_code == 201, created.content
    run = created.json()
    assert run["status"] == "previewed" and run["preview"]["rows"]
    actions = {entry["label"].split(" — ")[0]: entry["action"] for entry in run["preview"]["rows"]}
    assert actions == {"Sepeda Baru": "create", "Kartu Sehat": "reject"}
    assert "Sepeda Baru" not in _names(region_a)  # nothing before the confirmation

    address = f"/api/v1/imports/innovations/{run['id']}/"
    assert admin.get(address).json()["status"] == "previewed"
    applied = admin.post(f"{address}confirm/", {})
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert applied.json()["result"]["created"] == 1
    again = admin.post(f"{address}confirm/", {})
    assert again.status_code == 200 and again.json()["status"] == "applied"
    with tenant_context(region_a):
        assert Innovation.objects.filter(name="Sepeda Baru").count() == 1


def test_an_unreadable_file_is_refused_and_runs_are_their_authors_own(personas, region_a, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = api_for(personas.admin_a, region_a)
    junk = SimpleUploadedFile("inovasi.xlsx", b"bukan lembar kerja", "application/octet-stream")
    refused = admin.post("/api/v1/imports/innovations/", {"file": junk}, format="multipart")
    assert refused.status_code == 400 and refused.json()["error"]["fields"]["file"]

    run = admin.post(
        "/api/v1/imports/innovations/", {"file": upload([row()])}, format="multipart"
    ).json()
    address = f"/api/v1/imports/innovations/{run['id']}/"
    # Someone else, even an admin of this region or a leader, does not reach this run.
    other_admin = api_for(personas.admin_b, region_a)
    assert other_admin.get(address).status_code == 403
    leader = api_for(personas.leader_a, region_a)
    assert leader.get(address).status_code == 404
    leader_upload = leader.post(
        "/api/v1/imports/innovations/", {"file": upload([row()])}, format="multipart"
    )
    assert leader_upload.status_code == 403
    assert admin.delete(address).status_code == 204
    assert admin.post(f"{address}confirm/", {}).status_code == 404
    assert "SEPEDA BARU" not in _names(region_a)


def test_the_innovations_export_as_the_page_gives_it(personas, region_a, api_for):
    from tests.registry.helpers import make_innovation

    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Posyandu Keliling")
    admin = api_for(personas.admin_a, region_a, token=True)
    sheet = admin.get("/api/v1/exports/innovations/", {"file_type": "csv"})
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("text/csv")
    assert "Posyandu Keliling" in b"".join(sheet.streaming_content).decode("utf-8-sig")
    workbook = admin.get("/api/v1/exports/innovations/")
    assert workbook.status_code == 200 and "spreadsheetml" in workbook["Content-Type"]
    assert admin.get("/api/v1/exports/innovations/", {"file_type": "pdf"}).status_code == 400
    assert (
        api_for(personas.admin_b, region_a).get("/api/v1/exports/innovations/").status_code == 403
    )
