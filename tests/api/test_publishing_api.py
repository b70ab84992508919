"""Publishing for replication over the API (issue #20): what the innovation page offers a region
admin — publish with a contact, documents, unpublish — and nobody else may do it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from replication.catalog.models import CatalogEntry
from tests.effects import apply_effects
from tests.registry.helpers import make_innovation, pdf
from tests.replication.helpers import verified_innovation


def test_a_region_admin_publishes_adds_documents_and_unpublishes(personas, region_a, api_for):
    innovation = verified_innovation(region_a, personas.admin_a, personas.opd_a)
    admin = api_for(personas.admin_a, region_a, token=True)
    address = f"/api/v1/innovations/{innovation.pk}/publication/"
    assert admin.get(address).status_code == 404  # not published yet

    contact = {"contact_name": "Rina", "contact_email": "rina@banjar.test", "notes": "Butuh 2 ASN."}
    published = admin.put(address, contact)
    assert published.status_code == 201, published.content
    assert published.json()["contact_name"] == "Rina" and published.json()["documents"] == []
    apply_effects()
    assert CatalogEntry.objects.filter(region=region_a, innovation_id=innovation.pk).exists()
    again = admin.put(address, {"contact_phone": "0511 123"})
    assert again.status_code == 200 and again.json()["contact_name"] == "Rina"

    documents = f"{address}documents/"
    as_json = admin.post(documents, {"kind": "sop", "file": "sop.pdf"})
    assert as_json.status_code == 415
    added = admin.post(documents, {"kind": "sop", "file": pdf("sop.pdf")}, format="multipart")
    assert added.status_code == 201, added.content
    document = added.json()
    assert document["title"] == "sop.pdf" and document["content_type"] == "application/pdf"
    download = admin.get(document["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    hostile = SimpleUploadedFile("sop.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    refused = admin.post(documents, {"kind": "sop", "file": hostile}, format="multipart")
    assert refused.status_code == 400
    assert len(admin.get(address).json()["documents"]) == 1

    assert admin.delete(f"{documents}{document['id']}/").status_code == 204
    assert admin.get(address).json()["documents"] == []
    assert admin.delete(address).status_code == 204
    assert admin.get(address).status_code == 404
    apply_effects()
    assert not CatalogEntry.objects.filter(region=region_a, innovation_id=innovation.pk).exists()


def test_only_a_verified_innovation_and_only_its_regions_admins(personas, region_a, api_for):
    draft = make_innovation(region_a, personas.admin_a, personas.opd_a, name="Masih Draf")
    admin = api_for(personas.admin_a, region_a)
    refused = admin.put(f"/api/v1/innovations/{draft.pk}/publication/", {})
    assert refused.status_code == 400
    assert "diverifikasi" in refused.json()["error"]["message"]

    verified = verified_innovation(region_a, personas.admin_a, personas.opd_a)
    address = f"/api/v1/innovations/{verified.pk}/publication/"
    operator = api_for(personas.operator_a, region_a)
    assert operator.put(address, {"contact_name": "Saya"}).status_code == 403
    assert admin.put(address, {}).status_code == 201
    assert operator.get(address).status_code == 200  # who may see the innovation may read it
    assert operator.delete(address).status_code == 403
    # Another region's admin, on this region's host, reaches nothing.
    assert api_for(personas.admin_b, region_a).get(address).status_code == 403
