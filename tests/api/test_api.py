from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

from accounts.models import Role
from tests.conftest import PASSWORD, make_member


def _spectacular(urlconf: str, target) -> None:
    """`manage.py spectacular --validate --fail-on-warn` for one site's URL configuration.

    drf-spectacular counts warnings in a process-wide tally and fails on a non-empty one: it is
    emptied first, so the failure names this configuration (every generation emits its
    warnings again, so nothing earlier is lost), and after, so no other test inherits it."""
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    try:
        call_command(
            "spectacular",
            "--urlconf",
            urlconf,
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        )
    finally:
        GENERATOR_STATS.reset()


@pytest.mark.parametrize("urlconf", ["lumbung.urls_public", "lumbung.urls_region"])
def test_both_sites_schemas_are_valid_openapi_without_warnings(urlconf, tmp_path):
    # The two sites publish different schemas (national resources; a region's own): both.
    target = tmp_path / "schema.yaml"
    _spectacular(urlconf, target)
    assert target.stat().st_size > 10_000
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    validate(schema)
    assert any(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_schema_check_fails_on_a_warning(tmp_path):
    from drf_spectacular.management.commands.spectacular import SchemaGenerationError

    with pytest.raises(SchemaGenerationError):
        _spectacular("tests.api.untyped_urls", tmp_path / "schema.yaml")


def test_schema_and_docs_are_served_from_vendored_assets(db, client):
    schema = client.get("/api/v1/schema/", HTTP_HOST="localhost")
    assert schema.status_code == 200 and b"/api/v1/regions/" in schema.content
    docs = client.get("/api/v1/docs/", HTTP_HOST="localhost")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    # Nothing is fetched from another host (a CDN). Looking for the letters "cdn" anywhere
    # failed now and then on the page's random CSRF token.
    fetched = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    fetched += re.findall(r"""["']((?:https?:)?//[^"'\s]+\.(?:js|css))["']""", html)
    assert fetched and not [url for url in fetched if url.startswith(("http:", "https:", "//"))]


def test_region_list_is_public_and_filterable(db, api_for):
    client = api_for(None)
    everything = client.get("/api/v1/regions/", {"page_size": 200}).json()
    assert everything["count"] == 552
    kalsel = client.get("/api/v1/regions/", {"province": "63", "page_size": 200}).json()
    assert kalsel["count"] == 14  # the province and its 13 kabupaten/kota
    kota = client.get("/api/v1/regions/", {"province": "63", "kind": "kota"}).json()
    assert sorted(r["name"] for r in kota["results"]) == ["Kota Banjarbaru", "Kota Banjarmasin"]
    found = client.get("/api/v1/regions/", {"search": "mandailing"}).json()["results"]
    assert [r["slug"] for r in found] == ["mandailing-natal"]
    assert found[0]["url"] == "http://mandailing-natal.localhost/"


def test_malformed_paging_and_filters_are_refused_clearly(db, api_for):
    client = api_for(None)
    for params in (
        {"page_size": "null"},
        {"page_size": "0"},
        {"page": "0"},
        {"page": "last"},  # DRF's alias, which the schema (a number from 1) does not state
        {"page_size": ""},
        {"provinsi": "63"},  # a parameter the operation does not declare
        {"is_active": "mungkin"},
    ):
        response = client.get("/api/v1/regions/", params)
        assert response.status_code == 400, params
        assert set(response.json()["error"]["fields"]) == set(params)


def test_unknown_api_paths_answer_in_json(db, api_for):
    response = api_for(None).get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_region_detail_by_code(db, api_for):
    body = api_for(None).get("/api/v1/regions/63.10/").json()
    assert body["display_name"] == "Kabupaten Tanah Bumbu" and body["province_code"] == "63"
    missing = api_for(None).get("/api/v1/regions/99.99/")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Data tidak ditemukan."}
    }


def test_my_memberships_lists_only_mine(personas, api_for):
    rows = api_for(personas.admin_a).get("/api/v1/me/memberships/").json()["results"]
    assert [(r["region"]["slug"], r["role"]) for r in rows] == [("banjar", "region_admin")]
    assert api_for(None).get("/api/v1/me/memberships/").status_code in (401, 403)


def test_errors_share_one_envelope_with_a_human_message(personas, region_a, api_for):
    anonymous = api_for(None, region_a).get("/api/v1/opd-units/")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    assert anonymous.json()["error"]["message"] == "Anda perlu masuk terlebih dahulu."

    invalid = api_for(personas.admin_a, region_a).post(
        "/api/v1/opd-units/", {"name": ""}, format="json"
    )
    assert invalid.status_code == 400
    error = invalid.json()["error"]
    assert error["code"] == "invalid" and "name" in error["fields"]

    duplicate = api_for(personas.admin_a, region_a).post(
        "/api/v1/opd-units/", {"name": "dinas kesehatan"}, format="json"
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "duplicate"
    assert duplicate.json()["error"]["fields"]["name"] == ["Nama OPD ini sudah ada di daerah Anda."]


def test_english_error_messages_when_asked(personas, region_a, api_for):
    from django.utils import translation

    indonesian = "Anda perlu masuk terlebih dahulu."
    with translation.override("en"):
        english = translation.gettext(indonesian)
    assert english != indonesian, "the English catalog translates this message"
    response = api_for(None, region_a).get("/api/v1/opd-units/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["error"]["message"] == english


def test_opd_crud_through_the_api_respects_roles(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    created = admin.post(
        "/api/v1/opd-units/", {"name": "Dinas Sosial", "kind": "dinas"}, format="json"
    )
    assert created.status_code == 201
    unit_id = created.json()["id"]
    assert (
        admin.patch(
            f"/api/v1/opd-units/{unit_id}/", {"head_name": "Hj. Rahmah"}, format="json"
        ).json()["head_name"]
        == "Hj. Rahmah"
    )
    verifier = api_for(personas.verifier_a, region_a)
    assert verifier.get(f"/api/v1/opd-units/{unit_id}/").status_code == 200
    assert (
        verifier.patch(f"/api/v1/opd-units/{unit_id}/", {"name": "X"}, format="json").status_code
        == 403
    )
    assert verifier.delete(f"/api/v1/opd-units/{unit_id}/").status_code == 403
    assert admin.delete(f"/api/v1/opd-units/{unit_id}/").status_code == 204


def test_token_exchange(personas, api_for):
    client = api_for(None)
    wrong = client.post(
        "/api/v1/auth/token/", {"email": "admin@banjar.test", "password": "salah"}, format="json"
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"
    right = client.post(
        "/api/v1/auth/token/", {"email": "admin@banjar.test", "password": PASSWORD}, format="json"
    )
    assert right.status_code == 201 and right.json()["token"].startswith("li_")


def test_members_endpoint_is_for_region_admins(personas, region_a, api_for):
    assert api_for(personas.admin_a, region_a).get("/api/v1/members/").status_code == 200
    assert api_for(personas.verifier_a, region_a).get("/api/v1/members/").status_code == 403


def test_current_region_endpoint(personas, region_a, api_for):
    body = api_for(personas.operator_a, region_a).get("/api/v1/region/").json()
    assert body["region"]["slug"] == "banjar" and body["my_role"] == Role.OPD_OPERATOR


def test_list_endpoint_query_count_does_not_grow(
    personas, region_a, api_for, django_assert_max_num_queries
):
    from tests.conftest import make_opd

    client = api_for(personas.admin_a, region_a)
    client.get("/api/v1/opd-units/")  # warm the session
    for index in range(30):
        make_opd(region_a, f"Puskesmas {index}", kind="puskesmas")
    # region by host, session, user, membership, count, page (+ search_path switches)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/opd-units/")
    assert response.json()["count"] == 31


def test_a_region_admin_of_a_province_sees_province_role_in_memberships(province, api_for):
    user = make_member(province, Role.PROVINCE_VIEWER, "pemantau@kalsel.test")
    rows = api_for(user).get("/api/v1/me/memberships/").json()["results"]
    assert rows[0]["role_label"] == "Pemantau provinsi"
