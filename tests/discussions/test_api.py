"""The discussions API: posts in a thread with the thread's OPD rules, and shared results."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.registry.helpers import pdf


def test_discussions_api(personas, region_a, api_for):
    from tenants.innovations.models import Innovation

    with tenant_context(region_a):
        innovation = Innovation.objects.create(name="SEPEDA BARU", opd=personas.opd_a)
    operator = api_for(personas.operator_a, region_a)
    posted = operator.post(
        f"/api/v1/discussions/innovations/{innovation.pk}/posts/",
        {"body": "Kendala anggaran."},
        format="multipart",
    )
    assert posted.status_code == 201, posted.content
    admin = api_for(personas.admin_a, region_a)
    shared = admin.post(
        f"/api/v1/discussions/opd-units/{personas.opd_a.pk}/posts/",
        {"body": "Kajian", "attachment": pdf("kajian.pdf"), "shared": "true"},
        format="multipart",
    )
    assert shared.status_code == 201 and shared.json()["shared"] is True
    posts = admin.get(f"/api/v1/discussions/innovations/{innovation.pk}/posts/").json()
    assert [post["body"] for post in posts] == ["Kendala anggaran."]

    disdik = make_opd(region_a, "Dinas Pendidikan")
    other = api_for(
        make_member(region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk),
        region_a,
    )
    assert other.get(f"/api/v1/discussions/innovations/{innovation.pk}/posts/").status_code == 404
    assert other.get(f"/api/v1/discussions/opd-units/{personas.opd_a.pk}/posts/").status_code == 403
    assert len(other.get("/api/v1/discussions/kelitbangan/").json()["results"]) == 1
    assert (
        api_for(personas.admin_b, region_a).get("/api/v1/discussions/kelitbangan/").status_code
        == 403
    )
