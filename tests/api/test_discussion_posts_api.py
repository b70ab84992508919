"""A discussion post's attachment and taking a post back over the API (issue #20), as the thread
page does: who may read the thread downloads, its author or the programme's managers delete,
nobody else reaches the post."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.registry.helpers import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def a_post(region, personas) -> int:
    from tenants.discussions.access import place_for
    from tenants.discussions.services import post_create

    with tenant_context(region):
        place = place_for(personas.operator_a, region, "opd", personas.opd_a.pk)
    post = post_create(
        region=region,
        author=personas.operator_a,
        place=place,
        body="Notulen rapat",
        upload=pdf("notulen.pdf"),
    )
    return post.pk


def posts_left(region) -> int:
    from tenants.discussions.models import Post

    with tenant_context(region):
        return Post.objects.count()


def test_the_author_downloads_and_takes_back_a_post(personas, region_a, api_for):
    pk = a_post(region_a, personas)
    author = api_for(personas.operator_a, region_a, token=True)
    download = author.get(f"/api/v1/discussions/posts/{pk}/attachment/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert author.delete(f"/api/v1/discussions/posts/{pk}/").status_code == 204
    assert posts_left(region_a) == 0
    assert author.get(f"/api/v1/discussions/posts/{pk}/attachment/").status_code == 404


def test_a_programme_manager_may_take_back_someone_elses_post(personas, region_a, api_for):
    pk = a_post(region_a, personas)
    admin = api_for(personas.admin_a, region_a, token=True)
    assert admin.delete(f"/api/v1/discussions/posts/{pk}/").status_code == 204
    assert posts_left(region_a) == 0


def test_others_neither_download_nor_delete(personas, region_a, api_for):
    pk = a_post(region_a, personas)
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    people = {
        "operator of another OPD": make_member(
            region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk
        ),
        "admin of another region": personas.admin_b,
        "outsider": personas.outsider,
        "anonymous": None,
    }
    for who, user in people.items():
        client = api_for(user, region_a, token=user is not None)
        download = client.get(f"/api/v1/discussions/posts/{pk}/attachment/")
        assert download.status_code in (401, 403, 404), (who, download.status_code)
        deleted = client.delete(f"/api/v1/discussions/posts/{pk}/")
        assert deleted.status_code in (401, 403, 404), (who, deleted.status_code)
    # A verifier reads the thread (and downloads) but did not write the post.
    verifier = api_for(personas.verifier_a, region_a, token=True)
    assert verifier.get(f"/api/v1/discussions/posts/{pk}/attachment/").status_code == 200
    assert verifier.delete(f"/api/v1/discussions/posts/{pk}/").status_code == 403
    assert posts_left(region_a) == 1


def test_the_discussions_i_take_part_in(personas, region_a, api_for):
    a_post(region_a, personas)  # a thread with OPD A (Dinkes)
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    other = make_member(region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk)
    mine = api_for(personas.operator_a, region_a, token=True).get("/api/v1/discussions/")
    assert mine.status_code == 200
    assert [(row["subject_kind"], row["title"], row["opd"]) for row in mine.json()] == [
        ("opd", "Dinas Kesehatan", personas.opd_a.pk)
    ]
    assert mine.json()[0]["posts"] == f"/api/v1/discussions/opd-units/{personas.opd_a.pk}/posts/"
    assert api_for(personas.admin_a, region_a, token=True).get("/api/v1/discussions/").json()
    assert api_for(other, region_a, token=True).get("/api/v1/discussions/").json() == []
    for user in (personas.admin_b, personas.outsider, None):
        response = api_for(user, region_a, token=user is not None).get("/api/v1/discussions/")
        assert response.status_code in (401, 403)
