"""A member of one region can neither read nor change another region's pages, API objects or
data. Region A = Banjar, region B = Tanah Bumbu."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.organization.models import OpdUnit
from tests.conftest import make_opd


def test_data_written_in_one_schema_is_invisible_from_another(region_a, region_b):
    make_opd(region_a, "Dinas Pertanian Banjar")
    with tenant_context(region_a):
        assert OpdUnit.objects.filter(name="Dinas Pertanian Banjar").exists()
    with tenant_context(region_b):
        assert not OpdUnit.objects.filter(name="Dinas Pertanian Banjar").exists()


@pytest.mark.parametrize("path", ["/", "/opd/", "/anggota/"])
def test_member_of_a_is_refused_on_b_pages(personas, region_b, client_for, path):
    response = client_for(personas.admin_a, region_b).get(path)
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/", "/opd/", "/anggota/"])
def test_anonymous_visitor_is_sent_to_the_region_login(region_a, client_for, path):
    response = client_for(None, region_a).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_outsider_is_refused_everywhere(personas, region_a, client_for):
    client = client_for(personas.outsider, region_a)
    assert client.get("/").status_code == 403
    assert client.get("/opd/").status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/region/", "/api/v1/opd-units/", "/api/v1/members/"])
def test_member_of_a_is_refused_on_b_api(personas, region_b, api_for, path):
    for token in (False, True):
        response = api_for(personas.admin_a, region_b, token=token).get(path)
        assert response.status_code == 403, (path, token)
        assert response.json()["error"]["code"] == "permission_denied"


def test_objects_of_a_are_not_found_from_b(personas, region_a, region_b, api_for):
    unit = personas.opd_a
    client_b = api_for(personas.admin_b, region_b)
    assert client_b.get(f"/api/v1/opd-units/{unit.pk}/").status_code == 404
    assert (
        client_b.patch(
            f"/api/v1/opd-units/{unit.pk}/", {"name": "Diambil alih"}, format="json"
        ).status_code
        == 404
    )
    assert client_b.delete(f"/api/v1/opd-units/{unit.pk}/").status_code == 404
    listed = [row["name"] for row in client_b.get("/api/v1/opd-units/").json()["results"]]
    assert "Dinas Kesehatan" not in listed
    with tenant_context(region_a):
        assert OpdUnit.objects.get(pk=unit.pk).name == "Dinas Kesehatan"


def test_member_of_a_cannot_write_into_b(personas, region_a, region_b, api_for, client_for):
    response = api_for(personas.admin_a, region_b).post(
        "/api/v1/opd-units/", {"name": "Titipan"}, format="json"
    )
    assert response.status_code == 403
    page = client_for(personas.admin_a, region_b).post(
        "/opd/", {"name": "Titipan", "kind": "dinas"}
    )
    assert page.status_code == 403
    invite = client_for(personas.admin_a, region_b).post(
        "/anggota/", {"email": "orang@baru.test", "full_name": "Orang Baru", "role": "verifier"}
    )
    assert invite.status_code == 403
    for region in (region_a, region_b):
        with tenant_context(region):
            assert not OpdUnit.objects.filter(name="Titipan").exists()
    from accounts.models import User

    assert not User.objects.filter(email="orang@baru.test").exists()


def test_membership_ids_of_another_region_are_not_found(personas, region_a, region_b, client_for):
    from accounts.models import Membership

    foreign = Membership.objects.get(user=personas.admin_b)
    client = client_for(personas.admin_a, region_a)
    assert client.post(f"/anggota/{foreign.pk}/hapus/").status_code == 404
    assert (
        client.post(f"/anggota/{foreign.pk}/ubah/", {f"m{foreign.pk}-role": "verifier"}).status_code
        == 404
    )
    assert Membership.objects.filter(pk=foreign.pk, role="region_admin").exists()


def test_same_token_reads_own_region(personas, region_a, api_for):
    response = api_for(personas.admin_a, region_a, token=True).get("/api/v1/opd-units/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Dinas Kesehatan"]


def test_platform_admin_can_support_any_region(personas, region_b, client_for):
    assert client_for(personas.platform_admin, region_b).get("/").status_code == 200
