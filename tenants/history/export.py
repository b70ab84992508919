"""The change history as CSV or an Excel workbook, for admins who keep it outside the platform.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @) are prefixed with an
apostrophe: names and summaries are typed by users, and an export must never execute them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.tables import safe_text
from tenants.history.models import Change
from tenants.history.presentation import action_label, changes_text


def headers() -> list[str]:
    return [
        _("Waktu"),
        _("Oleh"),
        _("Inovasi"),
        _("Tahun"),
        _("Objek"),
        _("Tindakan"),
        _("Ringkasan"),
        _("Perubahan (lama → baru)"),
    ]


def row_of(change: Change) -> list[object]:
    return [
        timezone.localtime(change.at).replace(tzinfo=None),
        safe_text(change.actor_name or _("sistem")),
        safe_text(change.innovation_name),
        change.year or "",
        change.get_subject_display(),
        action_label(change.action),
        safe_text(change.summary),
        safe_text(changes_text(change)),
    ]


class _Echo:
    """A file-like object csv.writer can write to, handing each line back to the stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(changes: Iterable[Change]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel opens the UTF-8 file with the right characters
    yield writer.writerow(headers())
    for change in changes:
        row = row_of(change)
        row[0] = f"{row[0]:%Y-%m-%d %H:%M:%S}"
        yield writer.writerow(row)


def xlsx_bytes(changes: Iterable[Change]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Riwayat"))
    sheet.append(headers())
    for change in changes:
        sheet.append([_clean(value) for value in row_of(change)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _clean(value: object) -> object:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
