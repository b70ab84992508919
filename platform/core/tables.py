"""Tables as downloadable files (CSV and Excel), safe to open.

Cells a spreadsheet would run as a formula (starting with =, +, -, @) are prefixed with an
apostrophe: names are typed by users, and an export must never execute them. Numbers stay
numbers, so the file sorts and sums in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def _cell(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", safe_text(value))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, str):
        return safe_text(value)
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    notes: Sequence[str] = (),
) -> bytes:
    """One sheet with a bold header row (after optional note lines), frozen below the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for note in notes:
        sheet.append([_cell(note)])
    sheet.append(list(headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for column, title in zip(
        sheet.iter_cols(min_row=header_row, max_row=header_row), headers, strict=True
    ):
        sheet.column_dimensions[column[0].column_letter].width = max(10, min(40, len(title) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
