"""The xlsx template for importing innovations: a sheet "Inovasi" with the header row and drop-down
lists, "Petunjuk" explaining each column, and "Referensi" with the allowed values (the OPDs of
the region, the urusan pemerintahan, and the labels of each choice)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from rubric.models import GovernmentAffair
from tenants.organization.models import OpdUnit
from tenants.spreadsheets.columns import (
    COLUMNS,
    DATE_FORMAT,
    DIGITAL,
    NON_DIGITAL,
    SHEET_HELP,
    SHEET_INNOVATIONS,
    SHEET_REFERENCE,
    Column,
    Kind,
    choice_labels,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from regions.models import Region

# Drop-down lists and date formats cover the rows an import accepts.
VALIDATED_ROWS = 5001
HEADER_FONT = Font(bold=True, color="FFFFFF")
REQUIRED_FILL = PatternFill("solid", fgColor="1F5C99")
OPTIONAL_FILL = PatternFill("solid", fgColor="5B8DB8")
WRAP = Alignment(wrap_text=True, vertical="top")


def reference_lists(column: Column, opds: list[OpdUnit], affairs: list[str]) -> list[str]:
    """The values a column allows, as listed on the Referensi sheet ([] = free input)."""
    if column.kind == Kind.CHOICE:
        assert column.choices is not None  # every CHOICE column names its choices
        return choice_labels(column.choices)
    if column.kind == Kind.DIGITAL:
        return [DIGITAL, NON_DIGITAL]
    if column.kind == Kind.OPD:
        return [unit.name for unit in opds]
    if column.kind in (Kind.AFFAIR, Kind.AFFAIRS):
        return affairs
    return []


def style_header(sheet: Worksheet, titles: list[tuple[str, bool, int]]) -> None:
    """Header row: bold on a coloured fill (darker for required columns), frozen, sized."""
    for index, (title, required, width) in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def build_template(region: Region) -> bytes:
    """The template workbook for `region`, as xlsx bytes."""
    with tenant_context(region):
        opds = list(OpdUnit.objects.order_by("name"))
    affairs = list(GovernmentAffair.objects.order_by("order").values_list("name", flat=True))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_INNOVATIONS
    style_header(sheet, [(column.title, column.required, column.width) for column in COLUMNS])
    reference = workbook.create_sheet(SHEET_REFERENCE)
    help_sheet = workbook.create_sheet(SHEET_HELP, index=1)

    ref_column = 0
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{VALIDATED_ROWS}"
        if column.kind == Kind.DATE:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        if column.kind == Kind.AFFAIRS:
            continue  # several urusan per cell: a drop-down would allow only one
        values = reference_lists(column, opds, affairs)
        if not values:
            continue
        ref_column += 1
        ref_letter = get_column_letter(ref_column)
        reference.cell(row=1, column=ref_column, value=column.title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            reference.cell(row=row, column=ref_column, value=value)
        reference.column_dimensions[ref_letter].width = max(column.width, 24)
        source = (
            f"{quote_sheetname(SHEET_REFERENCE)}!${ref_letter}$2:${ref_letter}${len(values) + 1}"
        )
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showDropDown=False,  # (sic) False shows the arrow
            showErrorMessage=True,
            # An OPD may also be given by its short name, which is not in the list.
            errorStyle="warning" if column.kind == Kind.OPD else "stop",
            errorTitle=column.title,
            error=_("Pilih salah satu nilai dari daftar (lihat lembar Referensi)."),
        )
        validation.add(cells)
        sheet.add_data_validation(validation)
    if opds:
        ref_column += 1
        reference.cell(row=1, column=ref_column, value="Singkatan OPD").font = Font(bold=True)
        for row, unit in enumerate(opds, start=2):
            reference.cell(row=row, column=ref_column, value=unit.short_name or "")
    reference.freeze_panes = "A2"

    _write_help(help_sheet, region)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_help(sheet: Worksheet, region: Region) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 100
    intro = [
        _("Templat impor inovasi daerah %(region)s") % {"region": region.display_name},
        _(
            "Isi satu inovasi per baris pada lembar Inovasi, mulai baris 2. Jangan mengubah judul kolom. Kolom berwarna gelap wajib diisi."
        ),
        _(
            "Bila ada satu baris saja yang salah, tidak ada yang disimpan: perbaiki baris yang disebutkan di laporan impor lalu unggah lagi berkas yang sama."
        ),
        _(
            "Impor ulang berkas yang sama tidak membuat inovasi ganda: baris dicocokkan dengan inovasi yang ada melalui OPD dan nama inovasi, lalu profilnya diperbarui. Inovasi yang sedang diajukan atau sudah terverifikasi tidak dapat diubah lewat impor."
        ),
        _("Operator OPD hanya dapat mengimpor inovasi OPD-nya sendiri."),
    ]
    for row, text in enumerate(intro, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=row == 1, size=13 if row == 1 else 11)
    start = len(intro) + 2
    for col, title in enumerate((_("Kolom"), _("Wajib"), _("Keterangan")), start=1):
        sheet.cell(row=start, column=col, value=title).font = Font(bold=True)
    for offset, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=start + offset, column=1, value=column.title)
        sheet.cell(row=start + offset, column=2, value=_("Ya") if column.required else _("Tidak"))
        sheet.cell(row=start + offset, column=3, value=str(column.help)).alignment = WRAP
