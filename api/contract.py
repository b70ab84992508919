"""Requests are held to the published schema before a view sees them, for what the views' own
checks let through:

- a query parameter the operation does not declare, or an empty value where the declared
  parameter cannot be empty (a number, a yes/no, a choice, a code with a pattern), is a 400
  naming the parameter, never silently read as "no filter";
- a JSON body whose shape or types differ from the operation's request schema (a list or a text
  where an object is expected, `0` for a yes/no, a number for a text, an object for a list, a
  value outside a choice) is a 400 naming the field. DRF's fields would take `0` as false and
  `12` as "12"; the schema promises a client they will not.

A value outside a declared list of choices (a query parameter, a JSON body field, a multipart
field) is answered one way wherever it is sent: `choice_problem`, code `invalid_choice`, naming
the allowed values. The filters' and serializers' own choice checks come after this gate and so
never answer for a declared choice.

The views still check the values themselves, with their own messages (lengths, ranges, data).
The declarations are read from the schema drf-spectacular generates for the site's URL
configuration (once per process and configuration), so the checks and the documentation
cannot drift apart. Multipart bodies carry only text: of their fields
only the choices are checked here (in a POST, the one method Django reads a form body for);
the rest is the serializers'."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
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
    query_choices: dict[str, list]  # parameter name: the values it may take, where it has a list
    form_choices: dict[str, list]  # the same for the fields of a multipart body


def _choices(schema: dict, components: dict) -> list | None:
    """The values a parameter or field may take, if its schema lists them: through `$ref`s to
    enum components, the `allOf`/`oneOf` drf-spectacular wraps them in, and a list's items."""
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if schema.get("type") == "array":
        return _choices(schema.get("items", {}), components)
    if "enum" in schema:
        return [value for value in schema["enum"] if value is not None]
    found = None
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            values = _choices(part, components)
            if values is not None:
                found = [*(found or []), *values]
    return found


def _choices_by_name(schemas: dict[str, dict], components: dict) -> dict[str, list]:
    found = {name: _choices(schema, components) for name, schema in schemas.items()}
    return {name: values for name, values in found.items() if values}


@functools.cache
def operations(urlconf: str) -> list[tuple[re.Pattern[str], dict[str, Operation]]]:
    """(path pattern, {METHOD: Operation}) of every documented operation, literal paths before
    those with placeholders (so a literal path is never taken for a placeholder's value)."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    with GENERATOR_STATS.silence():  # the schema's own tests report its warnings
        document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    components = {"components": document.get("components", {})}
    schemas = components["components"].get("schemas", {})
    found = []
    for path, item in document["paths"].items():
        pattern = re.compile("^" + _PLACEHOLDER.sub("[^/]+", re.escape(path)) + "$")
        by_method = {}
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json")
            form = _choices_form(content.get("multipart/form-data"), schemas)
            query = {
                parameter["name"]: parameter.get("schema", {})
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query"
            }
            by_method[method.upper()] = Operation(
                query=query,
                json_body=ShapeValidator({**components, **body["schema"]}) if body else None,
                query_choices=_choices_by_name(query, schemas),
                form_choices=form,
            )
        found.append((path.count("{"), pattern, by_method))
    found.sort(key=lambda entry: entry[0])
    return [(pattern, by_method) for _count, pattern, by_method in found]


def _choices_form(form: dict | None, schemas: dict) -> dict[str, list]:
    if form is None:
        return {}
    schema = form.get("schema", {})
    while "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return _choices_by_name(schema.get("properties", {}), schemas)


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


INVALID_CHOICE = "invalid_choice"
_SHOWN_VALUE_CHARS = 50


def choice_problem(value: object, choices: Iterable[object]) -> Problem:
    """The one message for a value outside a list of choices, wherever it was sent: it quotes
    the value (shortened) and names every allowed one."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(shown) > _SHOWN_VALUE_CHARS:
        shown = shown[:_SHOWN_VALUE_CHARS] + "…"
    allowed = ", ".join("null" if choice is None else str(choice) for choice in choices)
    return Problem(
        _('"%(value)s" bukan salah satu pilihan: %(choices)s.')
        % {"value": shown, "choices": allowed},
        INVALID_CHOICE,
    )


def _outside(values: list[str], choices: list) -> list[str]:
    """A Problem (a message with its code) for each value that is not a choice."""
    allowed = {str(choice) for choice in choices}
    return [choice_problem(value, choices) for value in values if value not in allowed]


def query_problems(request: HttpRequest, operation: Operation) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name in request.GET:
        schema = operation.query.get(name)
        values = request.GET.getlist(name)
        if schema is None:
            problems[name] = [
                Problem(_("Parameter ini tidak dikenal untuk alamat ini."), "unknown_parameter")
            ]
        elif "" in values and not _may_be_empty(schema):
            problems[name] = [Problem(_("Parameter ini tidak boleh kosong."), "blank")]
        elif name in operation.query_choices:
            outside = _outside(values, operation.query_choices[name])
            if outside:
                problems[name] = outside
    return problems


def form_problems(request: HttpRequest, operation: Operation) -> dict[str, list[str]]:
    """The choices of a multipart POST (an empty field is "not sent", as DRF reads a form)."""
    if not operation.form_choices or request.method != "POST":
        return {}
    if request.content_type != "multipart/form-data":
        return {}
    with contextlib.suppress(RequestDataTooBig):
        # Kept whole (it is small) so those after can still read it: an Idempotency-Key's
        # fingerprint. A large upload is read from the stream; the fingerprint takes its length.
        request.body  # noqa: B018
    problems: dict[str, list[str]] = {}
    for name, choices in operation.form_choices.items():
        outside = _outside([value for value in request.POST.getlist(name) if value], choices)
        if outside:
            problems[name] = outside
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


def _enum_values(error: SchemaError) -> list:
    """Every value the field may take: a nullable or blankable choice is oneOf(its enum, [null]
    or [""]), and its other branches' values are not the news; the values of all the enum
    branches at the same place are, without the empty ones."""
    causes = error.parent.context if error.parent is not None else [error]
    values = [
        value
        for cause in causes
        if cause.validator == "enum" and cause.absolute_path == error.absolute_path
        for value in cause.validator_value
    ]
    return [value for value in dict.fromkeys(values) if value not in (None, "")]


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
        return choice_problem(error.instance, _enum_values(error))
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
                    **form_problems(request, operation),
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
