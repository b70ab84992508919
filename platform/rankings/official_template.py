"""The official-results import template: the "Hasil resmi" sheet with its header and examples,
and the "Petunjuk" sheet explaining every column and the year's predicate bands."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from rankings.official import (
    COLUMN_BY_KEY,
    COLUMNS,
    MAX_ROWS,
    SHEET_HELP,
    SHEET_RESULTS,
    _last_year,
)
from rubric.bands import YearBands, bands_for
from rubric.models import RubricYear

HEADER_FONT = Font(bold=True, color="FFFFFF")
REQUIRED_FILL = PatternFill("solid", fgColor="1F5C99")
OPTIONAL_FILL = PatternFill("solid", fgColor="5B8DB8")
EXAMPLE_FONT = Font(italic=True, color="555555")
WRAP = Alignment(wrap_text=True, vertical="top")
TEMPLATE_WIDTHS = {
    "code": 10,
    "name": 34,
    "year": 8,
    "index": 10,
    "predicate": 22,
    "rank": 14,
    "scope": 18,
    "status": 12,
    "source": 30,
}
REQUIRED_KEYS = {"code", "year", "index"}


def official_results_template() -> bytes:
    """The import template as xlsx bytes: the "Hasil resmi" sheet with the header and two example
    rows, and a "Petunjuk" sheet explaining every column."""
    year = _example_year()
    params = _template_params(year)
    examples = [
        ("63.03", "Kabupaten Banjar", year, Decimal("67.45"), 12),
        ("63", "Provinsi Kalimantan Selatan", year, Decimal("58.20"), None),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_RESULTS
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.title)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.key in REQUIRED_KEYS else OPTIONAL_FILL
        sheet.column_dimensions[cell.column_letter].width = TEMPLATE_WIDTHS[column.key]
    # Codes as text: a number cell would turn 63.10 into 63.1.
    sheet.column_dimensions["A"].number_format = "@"
    sheet.freeze_panes = "A2"
    for row, (code, name, example_year, index, rank) in enumerate(examples, start=2):
        label = params.band_for(index).label
        for position, value in enumerate((code, name, example_year, index, label, rank), start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.font = EXAMPLE_FONT
            if position == 1:
                cell.number_format = "@"
    if params.bands:
        labels = ",".join(band.label for band in params.bands)
        validation = DataValidation(
            type="list",
            formula1=f'"{labels}"',
            allow_blank=True,
            showErrorMessage=True,
            # Other years' rubrics may name their bands differently: warn, do not block.
            errorStyle="warning",
            errorTitle=COLUMN_BY_KEY["predicate"].title,
            error=_("Pilih salah satu predikat dari daftar."),
        )
        validation.add(f"E2:E{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    _write_help(workbook.create_sheet(SHEET_HELP), params)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template_params(year: int) -> YearBands:
    return bands_for(year)


def _example_year() -> int:
    years = list(RubricYear.objects.values_list("year", flat=True))
    past = [year for year in years if year < _last_year()]
    return max(past) if past else _last_year() - 1


def _write_help(sheet: Any, params: YearBands) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 100
    intro = [
        _("Templat impor hasil resmi Indeks Inovasi Daerah"),
        _(
            "Isi satu daerah per baris pada lembar Hasil resmi, mulai baris 2. Hapus dua baris contoh (huruf miring) sebelum mengunggah."
        ),
        _(
            "Bila ada satu baris saja yang salah, tidak ada yang disimpan: perbaiki baris yang disebutkan di laporan impor lalu unggah lagi."
        ),
        _(
            "Impor ulang tidak membuat data ganda: setiap daerah dan tahun disimpan sekali, dan impor berikutnya memperbaruinya."
        ),
        _(
            "Berkas CSV juga diterima (UTF-8, pemisah koma atau titik koma) dengan judul kolom yang sama."
        ),
    ]
    if params.bands:
        intro.append(
            _("Batas predikat rubrik %(year)d: %(bands)s.")
            % {
                "year": params.year,
                "bands": "; ".join(f"{band.label} ≥ {band.min_index}" for band in params.bands),
            }
        )
    for row, text in enumerate(intro, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=row == 1, size=13 if row == 1 else 11)
    start = len(intro) + 2
    for position, title in enumerate((_("Kolom"), _("Wajib"), _("Keterangan")), start=1):
        sheet.cell(row=start, column=position, value=title).font = Font(bold=True)
    required = {
        "code": _("Ya*"),
        "name": _("Ya*"),
        "year": _("Ya**"),
        "index": _("Ya"),
    }
    for offset, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=start + offset, column=1, value=column.title)
        sheet.cell(row=start + offset, column=2, value=required.get(column.key, _("Tidak")))
        sheet.cell(row=start + offset, column=3, value=str(column.help)).alignment = WRAP
    notes = start + len(COLUMNS) + 2
    sheet.cell(row=notes, column=1, value=_("* kode atau nama: salah satu wajib diisi."))
    sheet.cell(
        row=notes + 1,
        column=1,
        value=_("** tahun boleh kosong bila tahun penilaian dipilih saat mengunggah."),
    )
