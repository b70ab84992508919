"""Checking an uploaded evidence file by its content, not its name.

The type is sniffed from the first bytes (the `filetype` package); the extension the user gave
must agree with it, and the indicator must accept that kind. Executables and archives are never
accepted, whatever they are called."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> MIME types the sniffer may report for it
KNOWN_KINDS: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "mp4": ("video/mp4",),
    "mov": ("video/quicktime",),
}
DEFAULT_ACCEPTED = ("pdf", "jpg", "jpeg", "png")
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    sha256: str


def max_upload_bytes(extension: str) -> int:
    if extension in ("mp4", "mov"):
        return settings.EVIDENCE_MAX_VIDEO_BYTES
    return settings.EVIDENCE_MAX_BYTES


def check_upload(upload: UploadedFile, accepted: list[str] | tuple[str, ...]) -> CheckedFile:
    """Validate `upload` for an indicator accepting the extensions `accepted`; raises
    ValidationError with a message for the user."""
    accepted = tuple(ext.lower() for ext in accepted) or DEFAULT_ACCEPTED
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed_list = ", ".join(accepted).upper()
    if extension not in accepted or extension not in KNOWN_KINDS:
        raise ValidationError(
            _("Berkas %(name)s tidak diterima untuk indikator ini. Jenis yang diterima: %(kinds)s.")
            % {"name": name, "kinds": allowed_list}
        )
    size = upload.size
    if not size:  # Django's upload handlers always set the size; None counts as nothing sent
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name})
    limit = max_upload_bytes(extension)
    if size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s); batasnya %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in KNOWN_KINDS[extension]:
        raise ValidationError(
            _(
                "Isi berkas %(name)s bukan %(kind)s seperti namanya. Unggah dokumen asli, bukan berkas yang diganti namanya."
            )
            % {"name": name, "kind": extension.upper()}
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(extension, kind.mime, size, digest.hexdigest())
