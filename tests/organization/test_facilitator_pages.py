"""Fasilitator inovasi of each OPD: shown on the OPD pages, managed by region admins only."""

from __future__ import annotations

from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants.organization.models import Facilitator
from tests.conftest import make_opd


def facilitators(region, opd) -> list[str]:
    with tenant_context(region):
        return list(Facilitator.objects.filter(opd=opd).values_list("name", flat=True))


def test_admin_adds_edits_and_removes_a_facilitator(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    opd = personas.opd_a
    response = client.post(
        reverse("organization:facilitator_add", args=[opd.pk]),
        {
            "name": "Rina Sembiring",
            "position": "Analis Kebijakan",
            "nip": "19800101 200501 2 001",
            "email": "rina@banjar.test",
            "phone": "+62 812-3456-7890",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("organization:edit", args=[opd.pk]) + "#fasilitator"
    )
    assert facilitators(region_a, opd) == ["Rina Sembiring"]
    with tenant_context(region_a):
        person = Facilitator.objects.get(opd=opd)
    assert person.nip == "198001012005012001"  # spaces typed between the parts are dropped

    # Shown on the OPD list (to everyone who may read it) and on the edit page.
    assert "Rina Sembiring" in client.get(reverse("organization:list")).content.decode()
    reader = client_for(personas.verifier_a, region_a)
    assert "Rina Sembiring" in reader.get(reverse("organization:list")).content.decode()

    response = client.post(
        reverse("organization:facilitator_edit", args=[opd.pk, person.pk]),
        {
            "name": "Rina Br Sembiring",
            "position": "Analis Kebijakan",
            "nip": "",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    assert facilitators(region_a, opd) == ["Rina Br Sembiring"]

    response = client.post(reverse("organization:facilitator_delete", args=[opd.pk, person.pk]))
    assert response.status_code == 302
    assert facilitators(region_a, opd) == []


def test_invalid_input_shows_field_errors_in_indonesian(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    response = client.post(
        reverse("organization:facilitator_add", args=[personas.opd_a.pk]),
        {"name": "  ", "nip": "12345", "email": "bukan-email", "phone": "telepon saya"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama fasilitator wajib diisi." in html
    assert "NIP terdiri atas 18 angka." in html
    assert "Alamat e-mail tidak valid." in html
    assert "Nomor telepon hanya boleh berisi angka" in html
    assert facilitators(region_a, personas.opd_a) == []


def test_operator_cannot_manage_facilitators(personas, region_a, client_for):
    with tenant_context(region_a):
        person = Facilitator.objects.create(opd=personas.opd_a, name="Budi")
    client = client_for(personas.operator_a, region_a)
    add = reverse("organization:facilitator_add", args=[personas.opd_a.pk])
    assert client.post(add, {"name": "Siapa Saja"}).status_code == 403
    edit = reverse("organization:facilitator_edit", args=[personas.opd_a.pk, person.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Diganti"}).status_code == 403
    delete = reverse("organization:facilitator_delete", args=[personas.opd_a.pk, person.pk])
    assert client.post(delete).status_code == 403
    assert facilitators(region_a, personas.opd_a) == ["Budi"]
    # They still see who their facilitators are, without the management links.
    html = client.get(reverse("organization:list")).content.decode()
    assert "Budi" in html and "Kelola fasilitator" not in html


def test_a_facilitator_is_reached_only_through_its_own_opd(personas, region_a, client_for):
    other = make_opd(region_a, "Dinas Pendidikan")
    with tenant_context(region_a):
        person = Facilitator.objects.create(opd=other, name="Budi")
    client = client_for(personas.admin_a, region_a)
    url = reverse("organization:facilitator_delete", args=[personas.opd_a.pk, person.pk])
    assert client.post(url).status_code == 404
    assert facilitators(region_a, other) == ["Budi"]
