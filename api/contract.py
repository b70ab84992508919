"""Requests are held to the published schema before a view sees them, for what the views' own
checks let through:

- a query parameter the operation does not declare, or an empty value where the declared
  parameter cannot be empty (a number, a yes/no, a choice, a code with a pattern), is a 400
  naming the parameter, never silently read as "no filter";
- a JSON body whose shape or types differ from the operation's request schema (a list or a text
  where an object is expected, `0` for a yes/no, a number for a text, an object for a list, a
  value outside a choice) is a 400 naming the field. DRF's fields would take `0` as false and
  `12` as "12"; the schema promises a client they will not.

The views still check the values themselves, with their own messages (lengths, ranges, data).
The declarations are read from the schema drf-spectacular generates for the site's URL
configuration (once per process and configuration), so the checks and the documentation
cannot drift apart. Form and multipart bodies carry only text; their fields are left to the
serializers."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from jsonschema import Draft4Validator, validators

from api.errors import MESSAGES
from core.api_errors import api_error_response, is_api_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse
    from jsonschema.exceptions import ValidationError as SchemaError

METHODS = ("get", "put", "post", "patch", "delete")
_PLACEHOLDER = re.compile(r"\\\{\w+\\\}")
NON_FIELD = "non_field_errors"


def _type(validator: Any, types: Any, instance: Any, schema: dict) -> Iterator[SchemaError]:
    # OpenAPI 3.0's `nullable` is not JSON Schema: null is a value of any nullable type.
    if instance is None and schema.get("nullable"):
        return
    yield from Draft4Validator.VALIDATORS["type"](validator, types, instance, schema)


def _enum(validator: Any, choices: Any, instance: Any, schema: dict) -> Iterator[SchemaError]:
    if instance is None and schema.get("nullable"):
        return
    yield from Draft4Validator.VALIDATORS["enum"](validator, choices, instance, schema)


# Shapes, types and choices only: lengths, ranges, patterns and formats are the serializers'
# (with messages that say what is wrong in the person's language). `oneOf` is read as `anyOf`:
# drf-spectacular writes a nullable choice as oneOf(choice, [null]), and a shape check cannot
# tell which branch was meant.
ShapeValidator = validators.create(
    meta_schema=Draft4Validator.META_SCHEMA,
    validators={
        "$ref": Draft4Validator.VALIDATORS["$ref"],
        "properties": Draft4Validator.VALIDATORS["properties"],
        "items": Draft4Validator.VALIDATORS["items"],
        "allOf": Draft4Validator.VALIDATORS["allOf"],
        "anyOf": Draft4Validator.VALIDATORS["anyOf"],
        "oneOf": Draft4Validator.VALIDATORS["anyOf"],
        "type": _type,
        "enum": _enum,
    },
    type_checker=Draft4Validator.TYPE_CHECKER,
)


@dataclass(frozen=True)
class Operation:
    query: dict[str, dict]  # parameter name: its schema
    json_body: ShapeValidator | None  # type: ignore[valid-type]


@functools.cache
def operations(urlconf: str) -> list[tuple[re.Pattern[str], dict[str, Operation]]]:
    """(path pattern, {METHOD: Operation}) of every documented operation, literal paths before
    those with placeholders (so a literal path is never taken for a placeholder's value)."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    with GENERATOR_STATS.silence():  # the schema's own tests report its warnings
        document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    components = {"components": document.get("components", {})}
    found = []
    for path, item in document["paths"].items():
        pattern = re.compile("^" + _PLACEHOLDER.sub("[^/]+", re.escape(path)) + "$")
        by_method = {}
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            by_method[method.upper()] = Operation(
                query={
                    parameter["name"]: parameter.get("schema", {})
                    for parameter in operation.get("parameters", [])
                    if parameter.get("in") == "query"
                },
                json_body=ShapeValidator({**components, **body["schema"]}) if body else None,
            )
        found.append((path.count("{"), pattern, by_method))
    found.sort(key=lambda entry: entry[0])
    return [(pattern, by_method) for _count, pattern, by_method in found]


def operation_for(request: HttpRequest, urlconf: str) -> Operation | None:
    """The documented operation the request is for; None when its path is not in the schema
    (the schema and its readers, an unknown address) or the method is not (405 from the view)."""
    method = "GET" if request.method == "HEAD" else (request.method or "")
    for pattern, by_method in operations(urlconf):
        if pattern.match(request.path_info):
            return by_method.get(method)
    return None


class Problem(str):
    """A message about one input, with the code a program reads (the envelope's
    `field_codes`)."""

    code: str

    def __new__(cls, message: str, code: str) -> Problem:
        problem = super().__new__(cls, message)
        problem.code = code
        return problem


def query_problems(request: HttpRequest, operation: Operation) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name in request.GET:
        schema = operation.query.get(name)
        if schema is None:
            problems[name] = [
                Problem(_("Parameter ini tidak dikenal untuk alamat ini."), "unknown_parameter")
            ]
        elif "" in request.GET.getlist(name) and not _may_be_empty(schema):
            problems[name] = [Problem(_("Parameter ini tidak boleh kosong."), "blank")]
    return problems


def _may_be_empty(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if schema.get("type", "string") != "string":
        return False  # a number or a yes/no is never empty
    return Draft4Validator(schema).is_valid("")


def body_problems(request: HttpRequest, operation: Operation) -> dict[str, list[str]]:
    if operation.json_body is None or request.content_type != "application/json":
        return {}
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return {}  # DRF's parser answers it: parse_error
    if body is None and not request.body:
        return {}  # no body: the serializer names the required fields
    problems: dict[str, list[str]] = {}
    for error in operation.json_body.iter_errors(body):
        leaf = _deepest(error)
        path = [str(part) for part in leaf.absolute_path if not isinstance(part, int)]
        field = path[0] if path else NON_FIELD
        problems.setdefault(field, []).append(_describe(leaf, at_root=not path))
    return problems


def _deepest(error: SchemaError) -> SchemaError:
    """The most specific of an anyOf's reasons (the one deepest in the body), so a message says
    which field is wrong rather than "matches no alternative"."""
    while error.context:
        error = max(error.context, key=lambda cause: len(cause.absolute_path))
    return error


TYPE_NAMES = {
    "string": lambda: _("teks"),
    "integer": lambda: _("bilangan bulat"),
    "number": lambda: _("angka"),
    "boolean": lambda: _("true atau false"),
    "array": lambda: _("daftar (array JSON)"),
    "object": lambda: _("objek JSON"),
}


def _describe(error: SchemaError, *, at_root: bool) -> str:
    if error.validator == "enum":
        choices = ", ".join(
            "null" if choice is None else str(choice) for choice in error.validator_value
        )
        return _("Pilihan: %(choices)s.") % {"choices": choices}
    expected = error.validator_value if isinstance(error.validator_value, str) else "object"
    name = str(TYPE_NAMES.get(expected, lambda: expected)())
    if at_root:
        return _("Isi permintaan harus berupa %(type)s.") % {"type": name}
    return _("Harus berupa %(type)s.") % {"type": name}


class RequestContractMiddleware:
    """Refuses, under /api/, a query or a JSON body the operation's schema does not allow (see
    the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        urlconf = getattr(request, "urlconf", None)  # set from the host (regions.middleware)
        if urlconf and is_api_path(request):
            operation = operation_for(request, urlconf)
            if operation is not None:
                problems = {
                    **body_problems(request, operation),
                    **query_problems(request, operation),
                }
                if problems:
                    message = problems[NON_FIELD][0] if set(problems) == {NON_FIELD} else None
                    return api_error_response(
                        400,
                        "invalid",
                        message or str(MESSAGES["invalid"]()),
                        fields=problems,
                        field_codes={
                            field: [getattr(message, "code", "invalid") for message in messages]
                            for field, messages in problems.items()
                        },
                    )
        return self.get_response(request)
