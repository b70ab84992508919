"""The API's error envelope for answers given outside the API's own views: an address no route
matches, a locked-out sign-in, a host that serves no region, a region being upgraded, a server
error. Every path under /api/ answers in this one JSON shape (api.errors builds the same body
for what the API's views refuse), never with an HTML page a client cannot read."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

API_PREFIX = "/api/"


def is_api_path(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error_response(
    status: int,
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    field_codes: dict[str, list[str]] | None = None,
    retry_after: int | None = None,
) -> JsonResponse:
    """`{"error": {"status", "code", "message"}}` with that status; `fields` names the inputs at
    fault and why, `retry_after` (seconds) adds the Retry-After header that tells a client when
    asking again can succeed."""
    body: dict[str, object] = {"status": status, "code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    if field_codes is not None:
        body["field_codes"] = field_codes
    response = JsonResponse({"error": body}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
