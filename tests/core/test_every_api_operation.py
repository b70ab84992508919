"""Every operation of the region site's API, as its OpenAPI schema publishes it, is walked as the
people who must be refused: each documented method on each documented path answers an anonymous
visitor, a signed-in stranger, an admin of another region and the province's viewer with a
refusal and changes nothing; the schema and the URL configuration describe the same API; and a
method the schema does not document answers 405 even to the region's admin, so the published
contract is the whole contract.

The route walk (test_every_route.py) declares who each route is for; this walk reuses that table
and its objects, so an operation added to the schema without a declaration fails here too."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve

from tests.core.test_every_route import PUBLIC, REFUSED, ROUTES, SIGNED_IN, _changed_nothing
from tests.core.test_every_route import world as world  # the same objects as the route walk

METHODS = ("get", "post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
DUMMY = {"uuid": "00000000-0000-0000-0000-000000000000", "integer": "1"}
# Served by drf-spectacular itself: the schema and its two readers.
SCHEMA_ROUTES = {"api:schema", "api:docs", "api:redoc", "api:changelog"}


@pytest.fixture
def operations(region_a, client_for) -> list[tuple[str, str, str]]:
    """(route name, path template, method) of every operation the region site's schema
    publishes, read from the schema endpoint itself."""
    response = client_for(None, region_a).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.status_code
    schema = response.json()
    found = []
    for path, item in schema["paths"].items():
        parameters = {
            parameter["name"]: parameter.get("schema", {})
            for method in METHODS
            for parameter in item.get(method, {}).get("parameters", [])
            if parameter.get("in") == "path"
        }

        def dummy(match: re.Match, parameters: dict = parameters) -> str:
            kind = parameters.get(match.group(1), {})
            return DUMMY.get(kind.get("format") or kind.get("type"), "x")

        match = resolve(PLACEHOLDER.sub(dummy, path), urlconf="lumbung.urls_region")
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        found += [(name, path, method) for method in METHODS if method in item]
    return found


def _url(name: str, path: str, values: dict) -> str:
    _audience, _action, kind = ROUTES[name]
    # The schema calls a `pk` path parameter `id` (drf-spectacular's SCHEMA_COERCE_PATH_PK).
    arguments = {"id": values[kind].get("pk"), **values[kind]}
    return PLACEHOLDER.sub(lambda match: str(arguments[match.group(1)]), path)


def test_the_schema_and_the_url_configuration_describe_the_same_api(operations):
    from tests.core.test_every_route import region_routes

    documented = {name for name, _path, _method in operations}
    routed = {name for name, _pattern in region_routes() if name.startswith("api:")}
    assert documented - set(ROUTES) == set(), "declare who the operation is for in ROUTES"
    assert routed - documented - SCHEMA_ROUTES == set(), "an API route the schema does not show"
    assert len(operations) > 50


def test_strangers_are_refused_on_every_documented_operation(operations, world, region_a, api_for):
    before = _changed_nothing(region_a, {})
    checked = 0
    for name, path, method in operations:
        audience, _action, _kind = ROUTES[name]
        if audience == PUBLIC:
            continue
        url = _url(name, path, world["values"])
        for who, user in world["strangers"].items():
            if audience == SIGNED_IN and user is not None:
                continue  # their own (empty) notifications and memberships
            client = api_for(user, region_a)
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
            assert response.status_code in REFUSED, (who, method, path, response.status_code)
            checked += 1
    assert checked > 150
    _changed_nothing(region_a, before)


def test_a_method_the_schema_does_not_document_is_not_allowed(
    operations, world, personas, region_a, api_for
):
    before = _changed_nothing(region_a, {})
    documented: dict[tuple[str, str], set[str]] = {}
    for name, path, method in operations:
        documented.setdefault((name, path), set()).add(method)
    admin = api_for(personas.admin_a, region_a)
    checked = 0
    for (name, path), methods in documented.items():
        url = _url(name, path, world["values"])
        for method in set(METHODS) - methods:
            response = admin.generic(method.upper(), url, "{}", content_type="application/json")
            assert response.status_code == 405, (method, path, response.status_code)
            checked += 1
    assert checked > 100
    _changed_nothing(region_a, before)
