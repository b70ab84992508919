"""Where a region's uploaded files live: under MEDIA_ROOT/<schema>/, named by a random
token. Files are never served from MEDIA_URL; views stream them after a permission check in the
region's own schema, so knowing (or guessing) a path gets nobody anything."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from django.db.models import Model


def region_upload_path(instance: Model, filename: str) -> str:
    # django-tenants swaps in its own connection class, which has the current schema's name.
    schema = connection.schema_name  # type: ignore[attr-defined]
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    folder = type(instance)._meta.model_name
    return f"{schema}/{folder}/{secrets.token_hex(16)}{suffix}"
