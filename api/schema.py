"""OpenAPI generation: every operation documents the error envelope of api.errors for the
statuses it can answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import permissions, serializers

if TYPE_CHECKING:
    from drf_spectacular.utils import Direction

ErrorBody = inline_serializer(
    "ErrorBody",
    fields={
        "status": serializers.IntegerField(),
        "code": serializers.CharField(),
        "message": serializers.CharField(
            help_text="A sentence for a person, in the request's language."
        ),
        "fields": serializers.DictField(
            required=False, help_text="Problems per input field (status 400), for a person."
        ),
        "field_codes": serializers.DictField(
            required=False,
            help_text=(
                "The same problems as codes a program reads, in the same order: `required`, "
                "`invalid`, `blank`, `max_length`, `invalid_choice`, `unknown_parameter`, ..."
            ),
        ),
    },
)
ErrorEnvelope = inline_serializer("Error", fields={"error": ErrorBody})


class LumbungAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        # 400 on every operation: a query parameter the operation does not declare is refused
        # (api.contract), whatever the operation.
        statuses = {"400", "406"}
        if (
            self._is_single_object()
            or getattr(self.view, "pagination_class", None)
            or self._takes_year()
        ):
            statuses.add("404")  # no such object, a page past the end, or a year without rubric
        if method in {"POST", "PUT", "PATCH"}:
            statuses |= {"409", "415"}
        if method == "POST":
            statuses.add("422")  # an Idempotency-Key used before for another request
        if not self._allows_anonymous():
            statuses |= {"401", "403"}
        if method != "GET":
            statuses.add("405")
        if getattr(self.view, "throttle_classes", None):
            statuses.add("429")
        error = self._get_response_for_code(ErrorEnvelope, "400")
        for status in statuses:
            if status not in responses:
                responses[status] = {**error, "description": STATUS_DESCRIPTIONS[status]}
        return responses

    def get_filter_backends(self) -> list[Any]:
        # A GET that is not a list (the region's scores, the readiness report) but declares a
        # filterset still reads its query parameters: document them like a list's.
        if (
            self.method == "GET"
            and getattr(self.view, "filterset_class", None)
            and not self._is_list_view()
        ):
            return [
                backend
                for backend in getattr(self.view, "filter_backends", [])
                if issubclass(backend, DjangoFilterBackend)
            ] or super().get_filter_backends()
        return super().get_filter_backends()

    def _get_pagination_parameters(self) -> list[dict[str, Any]]:
        # A body that pages a list inside it (readiness: totals beside the page of gaps) takes
        # the paging parameters too; detail views keep none.
        if getattr(self.view, "pages_inside_body", False) and self.method == "GET":
            paginator = self._get_paginator()
            if paginator is not None:
                return paginator.get_schema_operation_parameters(self.view)
        return super()._get_pagination_parameters()

    def _is_single_object(self) -> bool:
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        return bool(lookup and lookup in self.path_regex) or "{" in self.path

    def _takes_year(self) -> bool:
        return any(
            parameter["in"] == "query" and parameter["name"] == "year"
            for parameter in self._get_parameters()
        )

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def get_auth(self) -> list[dict[str, list[str]]]:
        """Public operations (anyone may call them) declare no security requirement, so a
        generated client calls them without credentials; sending a token still shows what its
        holder may see (a province viewer's estimates), as each such operation says."""
        auth = super().get_auth()  # also registers the schemes among the components
        return [] if self._allows_anonymous() else auth

    def _allows_anonymous(self) -> bool:
        return any(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER,
    description=(
        "Any unique string (a UUID): sending the same request again with the same key does "
        "the work once and answers as the first time (`Idempotent-Replayed: true`); the key "
        "with another request is a 422. Successful answers are kept for a day."
    ),
)

STATUS_DESCRIPTIONS = {
    "400": "Invalid input; `error.fields` says which fields and why.",
    "401": "Not signed in (session or `Authorization: Bearer <personal token>`), or the token is "
    "unknown, expired (`token_expired`) or revoked (`token_revoked`).",
    "403": "Signed in, but not allowed in this region (or the token is read-only, "
    "`token_read_only`, or held to another region, `token_region_restricted`).",
    "404": "No such object in this region (or no rubric for the `year` asked).",
    "405": "Method not allowed.",
    "422": "The Idempotency-Key was used before for another request (`idempotency_key_reused`).",
    "415": "Unsupported request body format: send the one the operation documents (JSON, or "
    "multipart where a file may be sent).",
    "409": "Conflicts with existing data (e.g. a name already used); see `error.fields`.",
    "406": "The requested response format is not available.",
    "429": "Too many requests; retry later.",
}


def site_schema_settings(site: str) -> dict[str, Any]:
    """What differs between the two schemas: the public site's (national resources) and the one
    every region host serves (that region's resources, and the national ones again). Their
    `servers` say where each is served; docs/api.md describes the host model."""
    from django.conf import settings

    scheme = "http" if settings.DEBUG else "https"
    if site == "public":
        return {
            "TITLE": "Lumbung Inovasi API — public site",
            "DESCRIPTION": (
                "National resources on the public site: the replication catalog and network, "
                "rankings, regions, tokens, notifications, webhooks of the public network. Each "
                "activated region serves its own API on its host (see the region schema). "
                "Versioning, deprecation and changes: docs/api.md and docs/api-changelog.md."
            ),
            "SERVERS": [
                {"url": f"{scheme}://{settings.BASE_DOMAIN}", "description": "Public site"}
            ],
        }
    return {
        "TITLE": "Lumbung Inovasi API — region sites",
        "DESCRIPTION": (
            "One region's resources on that region's host (`<slug>.` the platform's domain): "
            "innovations, assessment, evidence, history, publishing, replication requests, "
            "calls, ideas, lab, programme, discussions, reporting, webhooks; the national "
            "resources too. A token held to one region works only on its host. Versioning, "
            "deprecation and changes: docs/api.md and docs/api-changelog.md."
        ),
        "SERVERS": [
            {
                "url": f"{scheme}://{{region}}.{settings.BASE_DOMAIN}",
                "description": "A region's site",
                "variables": {
                    "region": {
                        "default": "banjar",
                        "description": "The region's slug (GET /api/v1/regions/ on the public site)",
                    }
                },
            }
        ],
    }
