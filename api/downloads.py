"""Streaming a stored file to a caller who was just allowed to see it. Files are never served
from MEDIA_URL (tenants/assessment/storage.py); these responses are the only way out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.types import OpenApiTypes
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from accounts.policy import Action
from api.permissions import RegionAction
from core.downloads import download_name, field_file_response

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models.fields.files import FieldFile
    from django.http import FileResponse
    from rest_framework.renderers import BaseRenderer
    from rest_framework.request import Request

# What a download answers with on success, for the OpenAPI schema.
FILE_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png", "video/mp4", "video/quicktime")
FILE_RESPONSES = {(200, content_type): OpenApiTypes.BINARY for content_type in FILE_CONTENT_TYPES}


class IgnoreClientContentNegotiation(DefaultContentNegotiation):
    """A download answers with the file's own type whatever `Accept` says (a client asking for
    application/pdf must not get a 406); errors are still JSON. What it is sent is parsed as
    anywhere else: a body of a type the view does not take is a 415."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def file_response(stored: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """The file as an attachment (core.downloads); a missing file is a 404, not a 500."""
    return field_file_response(stored, filename=filename, content_type=content_type)


def upload_response(
    stored: FieldFile,
    *,
    original_name: str,
    content_type: str,
    default_type: str = "application/octet-stream",
) -> FileResponse:
    """A file someone uploaded, under the name they gave it and the type it was found to be."""
    return file_response(
        stored,
        filename=download_name(original_name, stored),
        content_type=content_type or default_type,
    )


class RegionFileApi(GenericAPIView):
    """A GET streaming one stored file of the region. The door lets in who may see the region;
    the view's finder (the page's own access function) decides which file is theirs."""

    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    content_negotiation_class = IgnoreClientContentNegotiation
    filter_backends: list = []
    pagination_class = None
