"""A value outside a list of choices is answered one way wherever it is sent (issue #20): a
filter in the query, a field of a JSON body, a field of a multipart body. Every such parameter
and field the schemas declare is tried, so a new one cannot answer otherwise."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import host_of

pytestmark = pytest.mark.django_db

BOGUS = "bukan-pilihan"
METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _enum(schema: dict, components: dict) -> tuple[list, bool]:
    """(the values, whether it is a list of them) of a schema that lists choices."""
    schema = _resolve(schema, components)
    if schema.get("type") == "array":
        return _enum(schema.get("items", {}), components)[0], True
    values = list(schema.get("enum", []))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            values += _enum(part, components)[0]
    return [value for value in dict.fromkeys(values) if value not in (None, "")], False


def _cases(urlconf: str):
    document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    components = document["components"]["schemas"]
    for path, item in document["paths"].items():
        address = "".join(
            "1" if part.startswith("{") else part for part in path.replace("}", "{").split("{")
        )
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for parameter in operation.get("parameters", []):
                choices, _many = _enum(parameter.get("schema", {}), components)
                if parameter["in"] == "query" and choices:
                    yield method, address, "query", parameter["name"], choices, False
            content = operation.get("requestBody", {}).get("content", {})
            for media_type, body in content.items():
                properties = _resolve(body["schema"], components).get("properties", {})
                for name, field in properties.items():
                    choices, many = _enum(field, components)
                    if choices and not field.get("readOnly"):
                        yield method, address, media_type, name, choices, many


def _send(client: Client, method: str, address: str, where: str, name: str, many: bool, **extra):
    if where == "query":
        return getattr(client, method)(address, {name: BOGUS}, **extra)
    if where == "application/json":
        body = json.dumps({name: [BOGUS] if many else BOGUS})
        return getattr(client, method)(address, body, content_type=where, **extra)
    return client.post(address, {name: BOGUS}, **extra)  # multipart


def _expected(choices: list) -> str:
    return f'"{BOGUS}" bukan salah satu pilihan: {", ".join(map(str, choices))}.'


@pytest.mark.parametrize("urlconf", ["lumbung.urls_region", "lumbung.urls_public"])
def test_every_declared_choice_refuses_a_value_outside_it_in_one_way(region_a, urlconf):
    region = region_a if urlconf.endswith("region") else None
    client = Client(HTTP_HOST=host_of(region))
    cases = list(_cases(urlconf))
    kinds = {case[2] for case in cases}
    assert kinds >= ({"query", "application/json", "multipart/form-data"} if region else {"query"})
    wrong = []
    for method, address, where, name, choices, many in cases:
        response = _send(client, method, address, where, name, many)
        error = response.json().get("error", {}) if response.status_code == 400 else {}
        if error.get("field_codes", {}).get(name) != ["invalid_choice"] or error.get(
            "fields", {}
        ).get(name) != [_expected(choices)]:
            wrong.append((method, address, where, name, response.status_code, error))
    assert not wrong, wrong


def test_the_choice_message_follows_the_request_language(region_a):
    client = Client(HTTP_HOST=host_of(region_a))
    as_query = client.get("/api/v1/ideas/", {"status": BOGUS}, HTTP_ACCEPT_LANGUAGE="en")
    [message] = as_query.json()["error"]["fields"]["status"]
    assert message == (
        f'"{BOGUS}" is not one of the choices: accepted, adopted, duplicate, needs_work, new.'
    )
    as_body = client.post(
        "/api/v1/replication/requests/1/transitions/",
        {"transition": BOGUS},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert as_body.json()["error"]["fields"]["transition"][0].startswith(
        f'"{BOGUS}" is not one of the choices: accept, decline,'
    )


def test_a_value_inside_the_choices_passes_the_gate(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    assert admin.get("/api/v1/ideas/", {"status": "new"}).status_code == 200
    assert (
        admin.get("/api/v1/innovations/", {"stage": "trial", "form": "governance"}).status_code
        == 200
    )
