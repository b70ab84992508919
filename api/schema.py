"""OpenAPI generation: every operation documents the error envelope of api.errors for the
statuses it can answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
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
            required=False, help_text="Problems per input field (status 400)."
        ),
    },
)
ErrorEnvelope = inline_serializer("Error", fields={"error": ErrorBody})


class LumbungAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        statuses = {"406"}
        if self._is_single_object() or getattr(self.view, "pagination_class", None):
            statuses.add("404")  # no such object, or a page past the end
        takes_query = bool(
            getattr(self.view, "filter_backends", None)
            or getattr(self.view, "pagination_class", None)
        )
        if method in {"POST", "PUT", "PATCH"} or takes_query:
            statuses.add("400")
        if method in {"POST", "PUT", "PATCH"}:
            statuses |= {"409", "415"}
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

    def _is_single_object(self) -> bool:
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        return bool(lookup and lookup in self.path_regex) or "{" in self.path

    def _allows_anonymous(self) -> bool:
        return any(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )


STATUS_DESCRIPTIONS = {
    "400": "Invalid input; `error.fields` says which fields and why.",
    "401": "Not signed in (session or `Authorization: Token …`).",
    "403": "Signed in, but not allowed in this region.",
    "404": "No such object in this region.",
    "405": "Method not allowed.",
    "415": "Unsupported request body format (send JSON, form or multipart data).",
    "409": "Conflicts with existing data (e.g. a name already used); see `error.fields`.",
    "406": "The requested response format is not available.",
    "429": "Too many requests; retry later.",
}
