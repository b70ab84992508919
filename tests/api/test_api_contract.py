"""The API keeps the contract its schema publishes, also where no view of it is reached: every
answer under /api/ is the JSON error envelope (an unknown address, an id that is no number, a
host with no region, a server error, a locked-out sign-in); query parameters and JSON bodies the
schema does not allow are refused with 400 naming the field; empty values are not returned
where the schema promises a link or a code; each operation takes one content type: JSON, or
multipart where a file may be sent."""

from __future__ import annotations

import secrets

import pytest
from django.conf import settings
from django.test import Client

from rubric.years import current_year
from tests.api.test_registry_api import world as world  # the registry's objects

JSON = "application/json"


def _is_envelope(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith(JSON)
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("banjar.localhost", "/api/v1/opd-units/abc/"),  # the int converter never matches
        ("banjar.localhost", "/api/v1/tidak-ada/"),
        ("banjar.localhost", "/api/v2/"),
        ("localhost", "/api/v1/regions/63.10/lain/"),
        ("localhost", "/api/"),
    ],
)
def test_an_address_no_route_matches_answers_the_json_envelope(db, region_a, host, path):
    _is_envelope(Client(HTTP_HOST=host).get(path), 404, "not_found")


def test_a_host_without_a_region_answers_json_under_api(db):
    response = Client(HTTP_HOST="tidak-ada.localhost").get("/api/v1/health/")
    _is_envelope(response, 404, "host_not_found")
    page = Client(HTTP_HOST="tidak-ada.localhost").get("/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_answers_json(db, monkeypatch):
    from api.core.views import HealthApi

    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(HealthApi, "get", broken)
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    error = _is_envelope(client.get("/api/v1/health/"), 500, "server_error")
    assert "simulated" not in error["message"]  # nothing of the fault is told


def test_a_request_django_refuses_before_any_view_answers_json_under_api(db):
    # A malformed Host header is refused (DisallowedHost) before routing: handler400.
    response = Client(HTTP_HOST="bukan host!").get("/api/v1/health/")
    _is_envelope(response, 400, "bad_request")


def test_a_method_not_allowed_answers_json(db, region_a, personas, api_for):
    response = api_for(personas.admin_a, region_a).delete("/api/v1/region/")
    _is_envelope(response, 405, "method_not_allowed")


@pytest.mark.parametrize("region", [None, "banjar"])
def test_an_invalid_token_is_401_with_the_scheme_to_use(db, region, region_a, api_for):
    client = api_for(None, region_a if region else None)
    client.credentials(HTTP_AUTHORIZATION="Bearer " + "0" * 40)
    response = client.get("/api/v1/me/memberships/")
    _is_envelope(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Bearer"
    anonymous = api_for(None, region_a if region else None).get("/api/v1/me/memberships/")
    _is_envelope(anonymous, 401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == "Bearer"


def test_a_locked_out_api_sign_in_is_json_429_with_retry_after(personas, api_for):
    client = api_for(None)
    # An address of its own: the per-address request throttle (10/min) lives in the cache,
    # which outlives the test's transaction.
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    # And an e-mail of its own: failed exchanges are also counted per e-mail in the cache.
    wrong = {"email": f"admin-{secrets.token_hex(4)}@banjar.test", "password": "keliru"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", wrong, format="json", REMOTE_ADDR=address)
    locked = client.post("/api/v1/auth/token/", wrong, format="json", REMOTE_ADDR=address)
    _is_envelope(locked, 429, "locked_out")
    assert locked["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME * 3600))


def test_query_parameters_the_schema_does_not_allow_are_refused(personas, region_a, api_for):
    public = api_for(None)
    for path, params in [
        ("/api/v1/regions/", {"provinsi": "63"}),  # a misspelt filter is not "no filter"
        ("/api/v1/regions/63.10/", {"x": "1"}),
        ("/api/v1/rankings/", {"search": ""}),
        ("/api/v1/rankings/", {"year": ""}),
        ("/api/v1/rankings/trends/", {"region": ""}),
        ("/api/v1/rankings/snapshots/", {"region": ""}),
        ("/api/v1/catalog/", {"stage": ""}),
    ]:
        error = _is_envelope(public.get(path, params), 400, "invalid")
        assert set(error["fields"]) == set(params), (path, error)
    admin = api_for(personas.admin_a, region_a)
    for path, params in [
        ("/api/v1/opd-units/", {"is_active": ""}),
        ("/api/v1/readiness/", {"innovation": ""}),
        ("/api/v1/reporting/", {"status": "entah"}),
        ("/api/v1/scores/", {"tahun": "2026"}),
    ]:
        error = _is_envelope(admin.get(path, params), 400, "invalid")
        assert set(error["fields"]) == set(params), (path, error)
    # What the schema does declare still works, and a free-text filter may be empty.
    assert public.get("/api/v1/regions/", {"search": "", "province": "63"}).status_code == 200
    assert admin.get("/api/v1/readiness/", {"page_size": "5"}).status_code == 200


def test_json_bodies_of_the_wrong_shape_are_refused_with_the_field(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    for body in ([1, 2], "semua", 7):
        response = admin.post("/api/v1/notifications/", body, format="json")
        error = _is_envelope(response, 400, "invalid")
        assert error["message"] == "Isi permintaan harus berupa objek JSON."
        assert list(error["fields"]) == ["non_field_errors"]
    for path, method, body, field in [
        ("/api/v1/notifications/", "post", {"ids": [], "all": 0}, "all"),
        ("/api/v1/notifications/", "post", {"ids": ["1"]}, "ids"),
        ("/api/v1/notifications/settings/", "put", {"email": "kadang"}, "email"),
        (
            "/api/v1/reporting/targets/2026/",
            "put",
            {"min_innovations_per_opd": 1, "note": 0},
            "note",
        ),
        (
            "/api/v1/programme/events/",
            "post",
            {
                "kind": "pertemuan_fasilitator",
                "title": "Rapat",
                "starts_at": "2026-03-10T09:00:00+07:00",
                "invited_opds": {},
            },
            "invited_opds",
        ),
    ]:
        response = getattr(admin, method)(path, body, format="json")
        error = _is_envelope(response, 400, "invalid")
        assert list(error["fields"]) == [field], (path, error)
    # The same shapes are fine as the schema states them.
    marked = admin.post("/api/v1/notifications/", {"ids": [], "all": True}, format="json")
    assert marked.status_code == 200


def test_a_year_without_rubric_is_404_naming_the_years_there_are(personas, region_a, api_for):
    from rubric.years import available_years

    admin = api_for(personas.admin_a, region_a)
    for path in ("/api/v1/innovations/", "/api/v1/scores/", "/api/v1/reporting/"):
        error = _is_envelope(admin.get(path, {"year": 2099}), 404, "year_not_available")
        assert all(str(year) in error["message"] for year in available_years())


def test_no_empty_string_where_the_schema_promises_a_link_or_a_code(
    world, personas, region_a, api_for
):
    admin = api_for(personas.admin_a, region_a)
    report = admin.get(f"/api/v1/reports/{world.own_report.pk}/").json()
    answer = next(a for a in report["answers"] if a["indicator_code"] == "SID-16")
    assert answer["basis"] is None  # SID-16 has a single basis
    assert answer["evidence"][0]["kind"] == "file" and answer["evidence"][0]["url"] is None
    indicators = admin.get(
        f"/api/v1/rubric/years/{current_year()}/indicators/", {"page_size": 200}
    ).json()["results"]
    bases = {option["basis"] for item in indicators for option in item["options"]}
    assert None in bases and "" not in bases and len(bases) > 1  # some indicators have bases


def _carries_a_file(schema: dict, components: dict) -> bool:
    """Whether a request body's schema has a file (a binary string) anywhere in it."""
    if "$ref" in schema:
        return _carries_a_file(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if schema.get("format") == "binary":
        return True
    nested = [*schema.get("properties", {}).values(), schema.get("items", {})]
    nested += [*schema.get("allOf", []), *schema.get("oneOf", []), *schema.get("anyOf", [])]
    return any(_carries_a_file(part, components) for part in nested if part)


@pytest.mark.parametrize("urlconf", [settings.PUBLIC_SCHEMA_URLCONF, settings.ROOT_URLCONF])
def test_every_operation_takes_one_content_type_multipart_only_for_files(urlconf):
    """A generated client sends each body one way: JSON, or multipart where a file goes."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    with GENERATOR_STATS.silence():
        document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    components = document["components"]["schemas"]
    wrong = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody")
            if body is None:
                continue
            types = list(body["content"])
            expected = [
                "multipart/form-data"
                if _carries_a_file(body["content"][types[0]]["schema"], components)
                else JSON
            ]
            if types != expected:
                wrong[f"{method.upper()} {path}"] = types
    assert not wrong


def test_a_body_of_the_other_content_type_is_refused_and_steps_work_as_documented(
    personas, region_a, region_b, api_for
):
    from replication.requests.models import RequestStatus
    from tests.replication.request_helpers import network

    net = network(personas, region_a, region_b)
    request = net.request_in(RequestStatus.SUBMITTED)
    origin = api_for(net.origin_admin, net.origin, token=True)
    url = f"/api/v1/replication/requests/{request.pk}/transitions/"
    # Some steps carry documents, so every step is a multipart form.
    as_json = origin.post(url, {"transition": "accept", "note": "Silakan"}, format="json")
    _is_envelope(as_json, 415, "unsupported_media_type")
    no_reason = origin.post(url, {"transition": "decline"}, format="multipart")
    assert no_reason.status_code == 400 and "note" in no_reason.json()["error"]["fields"]
    accepted = origin.post(url, {"transition": "accept", "note": "Silakan"}, format="multipart")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"

    admin = api_for(personas.admin_a, region_a)
    opd = {"name": "Dinas Perikanan", "abbreviation": "Diskan"}
    _is_envelope(admin.post("/api/v1/opd-units/", opd, format="multipart"), 415)
    assert admin.post("/api/v1/opd-units/", opd, format="json").status_code == 201
    post = admin.post(
        f"/api/v1/discussions/opd-units/{personas.opd_a.pk}/posts/",
        {"body": "Rapat koordinasi Senin."},
        format="multipart",
    )
    assert post.status_code == 201, post.content
    letter = api_for(net.requester_admin, net.requester).post(
        "/api/v1/replication/requests/", {"public_id": "x"}, format="json"
    )
    _is_envelope(letter, 415, "unsupported_media_type")


def test_field_errors_carry_codes_a_program_reads(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    missing = _is_envelope(admin.post("/api/v1/opd-units/", {}), 400, "invalid")
    assert missing["field_codes"]["name"] == ["required"] and missing["fields"]["name"]
    unknown = _is_envelope(admin.get("/api/v1/opd-units/", {"nama": "x"}), 400, "invalid")
    assert unknown["field_codes"] == {"nama": ["unknown_parameter"]}
    blank = _is_envelope(admin.get("/api/v1/readiness/", {"innovation": ""}), 400, "invalid")
    assert blank["field_codes"] == {"innovation": ["blank"]}


def test_each_site_publishes_its_own_schema_with_where_it_is_served(db, region_a):
    public = Client(HTTP_HOST="localhost").get("/api/v1/schema/", {"format": "json"}).json()
    region = Client(HTTP_HOST="banjar.localhost").get("/api/v1/schema/", {"format": "json"}).json()
    assert public["info"]["title"] != region["info"]["title"]
    assert public["servers"][0]["url"].endswith(f"://{settings.BASE_DOMAIN}")
    [server] = region["servers"]
    assert server["url"].endswith(f"://{{region}}.{settings.BASE_DOMAIN}")
    assert server["variables"]["region"]["default"]
    assert (
        "/api/v1/innovations/" in region["paths"] and "/api/v1/innovations/" not in public["paths"]
    )


def test_what_will_stop_is_marked_on_the_requests_that_use_it(db, personas, api_for):
    from tests.conftest import make_token

    old_keyword = api_for(personas.admin_a, token=make_token(personas.admin_a), scheme="Token")
    marked = old_keyword.get("/api/v1/me/memberships/")
    assert marked.status_code == 200
    assert marked["Deprecation"].startswith("@") and marked["Sunset"].endswith("GMT")
    assert 'rel="deprecation"' in marked["Link"]
    changelog = api_for(None).get(marked["Link"].split(">")[0].lstrip("<"))
    assert changelog.status_code == 200 and b"Deprecated" in changelog.content
    current = api_for(personas.admin_a, token=True).get("/api/v1/me/memberships/")
    assert current.status_code == 200 and not current.has_header("Deprecation")
