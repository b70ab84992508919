"""The programme API: Bappeda schedules and records; members read; others are refused."""

from __future__ import annotations

from tests.registry.helpers import pdf


def test_programme_api(personas, region_a, api_for):
    from django_tenants.utils import tenant_context

    from tenants.organization.models import Facilitator

    with tenant_context(region_a):
        facilitator = Facilitator.objects.create(opd=personas.opd_a, name="Rina Sembiring")
    admin = api_for(personas.admin_a, region_a)
    created = admin.post(
        "/api/v1/programme/events/",
        {
            "kind": "pertemuan_fasilitator",
            "title": "Pertemuan Fasilitator Triwulan I",
            "starts_at": "2025-03-10T09:00:00+07:00",
            "invited_opds": [personas.opd_a.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    attendance = admin.post(
        f"/api/v1/programme/events/{pk}/attendance/", {"facilitator": facilitator.pk}, format="json"
    )
    assert attendance.status_code == 201, attendance.content
    assert attendance.json()["person_name"] == "Rina Sembiring"
    material = admin.post(
        f"/api/v1/programme/events/{pk}/materials/",
        {"title": "Modul", "file": pdf("modul.pdf")},
        format="multipart",
    )
    assert material.status_code == 201, material.content
    minutes = admin.put(
        f"/api/v1/programme/events/{pk}/minutes/", {"minutes": "Disepakati."}, format="multipart"
    )
    assert minutes.status_code == 200 and minutes.json()["minutes"] == "Disepakati."

    operator = api_for(personas.operator_a, region_a)
    assert operator.get(f"/api/v1/programme/events/{pk}/").json()["title"].startswith("Pertemuan")
    assert len(operator.get(f"/api/v1/programme/events/{pk}/attendance/").json()) == 1
    assert (
        operator.patch(f"/api/v1/programme/events/{pk}/", {"title": "x"}, format="json").status_code
        == 403
    )
    assert api_for(personas.admin_b, region_a).get("/api/v1/programme/events/").status_code == 403
    assert admin.delete(f"/api/v1/programme/events/{pk}/").status_code == 204
