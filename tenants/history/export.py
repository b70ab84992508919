"""The change history as CSV or an Excel workbook, for admins who keep it outside the platform.
Written by core.tables: the CSV for Excel with Indonesian settings, times on the local clock, and
names and summaries typed by users never run as formulas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO, TYPE_CHECKING

from django.utils.translation import gettext as _

from core.tables import Sheet, with_zone, write_csv, write_xlsx
from tenants.history.models import Change
from tenants.history.presentation import action_label, changes_text

if TYPE_CHECKING:
    from regions.models import Region

# Fixed widths (characters): summaries and changes are long, the first rows may not show it.
WIDTHS = (17, 24, 30, 7, 14, 16, 50, 60)


def headers() -> list[str]:
    return [
        with_zone(_("Waktu")),
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
        change.at,
        change.actor_name or _("sistem"),
        change.innovation_name,
        change.year,
        change.get_subject_display(),
        action_label(change.action),
        change.summary,
        changes_text(change),
    ]


def export_csv(changes: Iterable[Change], target: IO[bytes]) -> None:
    write_csv(target, headers(), (row_of(change) for change in changes))


def export_xlsx(changes: Iterable[Change], target: IO[bytes]) -> None:
    rows = (row_of(change) for change in changes)
    write_xlsx(target, [Sheet(_("Riwayat"), headers(), rows, widths=WIDTHS)])


def export_filename(region: Region, day: date, extension: str) -> str:
    return f"riwayat-{region.slug}-{day:%Y%m%d}.{extension}"
