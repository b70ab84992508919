"""Streaming a stored file to someone who was just allowed to see it. Uploaded files are never
served from MEDIA_URL (tenants/assessment/storage.py): pages and API endpoints hand them out only
through these responses."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_file_response(
    storage: Storage,
    name: str,
    *,
    filename: str,
    content_type: str | None = None,
    inline: bool = False,
    cache_control: str = "private, no-store",
    headers: Mapping[str, str] | None = None,
) -> FileResponse:
    """The stored file `name` (an attachment unless `inline`); a row whose file is missing on
    disk answers 404, not 500. Without `content_type` it is guessed from `filename`."""
    if not name:
        raise Http404
    try:
        handle = storage.open(name, "rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    for header, value in (headers or {}).items():
        response[header] = value
    return response


def field_file_response(
    stored: FieldFile,
    *,
    filename: str,
    content_type: str | None = None,
    inline: bool = False,
    cache_control: str = "private, no-store",
    headers: Mapping[str, str] | None = None,
) -> FileResponse:
    """stored_file_response for a model's file field (404 when the field is empty)."""
    if not stored.name:  # what `not stored` tests (FieldFile.__bool__)
        raise Http404
    return stored_file_response(
        stored.storage,
        stored.name,
        filename=filename,
        content_type=content_type,
        inline=inline,
        cache_control=cache_control,
        headers=headers,
    )


def download_name(original_name: str, stored: FieldFile) -> str:
    """The name a download is offered under: the one it was uploaded with, else the stored
    file's own."""
    return original_name or (stored.name or "").rsplit("/", 1)[-1]
