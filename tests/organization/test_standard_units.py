"""The standard list of perangkat daerah, added at once from the OPD page (a bounded, idempotent
write: no background task, so it works with the worker or Redis down too)."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.organization.models import OpdUnit
from tenants.organization.standard_units import standard_units


def test_the_admin_adds_the_standard_list_once_and_only_in_its_region(
    personas, region_a, region_b, client_for
):
    client = client_for(personas.admin_a, region_a)
    with tenant_context(region_a):
        before = OpdUnit.objects.count()  # Dinas Kesehatan of the personas
    response = client.post("/opd/standar/", follow=True)
    assert response.status_code == 200
    with tenant_context(region_a):
        assert OpdUnit.objects.filter(short_name="Bappeda").exists()
        added = OpdUnit.objects.count() - before
    assert 0 < added <= len(standard_units(region_a.kind))
    assert f"{added} perangkat daerah standar ditambahkan" in response.content.decode()
    with tenant_context(region_b):
        assert not OpdUnit.objects.filter(short_name="Bappeda").exists()

    again = client.post("/opd/standar/", follow=True)
    assert "Semua perangkat daerah standar sudah ada" in again.content.decode()
    with tenant_context(region_a):
        assert OpdUnit.objects.count() - before == added


def test_an_operator_may_not_add_the_standard_list(personas, region_a, client_for):
    response = client_for(personas.operator_a, region_a).post("/opd/standar/")
    assert response.status_code == 403
    with tenant_context(region_a):
        assert not OpdUnit.objects.filter(short_name="Bappeda").exists()
