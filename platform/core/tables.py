"""Tables as downloadable files — CSV for Excel with Indonesian settings, and xlsx — written the
same way by every export (rankings, the change history, the innovation spreadsheet, the links of
the submission package).

The CSV is what Excel set to Bahasa Indonesia opens by double-click into columns:

- UTF-8 with a byte order mark (without it Excel reads the bytes as ANSI and breaks "→", "é").
- ";" between fields: with Indonesian regional settings the decimal separator is the comma, so
  Excel's list separator is ";" and a ","-separated file lands in one column.
- Real numbers (Decimal, float) with a decimal comma and no thousands separator: 18.40 → "18,40",
  kept to the places the value carries. Integers as they are. Text is never touched: region codes
  ("63.03"), NIP and phone numbers ("0812…") are strings and stay exactly as stored, so a code is
  not turned into "63,03" and a leading zero is not lost here. (Excel may still guess a type for
  such text when it opens a CSV; the xlsx stores it as text, which is why it is offered beside
  every CSV.)
- Dates "02/12/2026" and times "02/12/2026 09:33", day first with slashes: the short date of
  Indonesian regional settings (so Excel reads them back as dates), the form the import templates
  and their help already use (DATE_FORMAT of the spreadsheets), and never ambiguous for a reader
  here, who writes the day first. Times are converted to the platform's local time
  (settings.TIME_ZONE, Asia/Jakarta = WIB); callers name the zone in the column title
  (`with_zone`). Minutes are enough for a reader; the xlsx keeps the exact moment.
- Booleans "Ya"/"Tidak", None empty.

Formula injection: cells that a spreadsheet would run as a formula (text starting with =, +, -,
@, tab or carriage return) are names and summaries typed by users, and an export must never run
them. In a CSV the only way is to prefix an apostrophe; the CSV reader of the imports removes it
again (`unescape_text`), so an exported file imports back unchanged. In an xlsx the value stays
exact and is stored as a text cell with Excel's "quote prefix", which keeps it text even when the
cell is edited.

The xlsx holds the same rows: numbers as numbers (decimals with a format showing their places,
which Excel displays with the reader's own separator), dates as dates, text as text; a bold,
frozen header row and column widths fitted to the header and the first rows. Workbooks are
written in openpyxl's write-only mode, row by row, so a large export does not sit in memory as
cell objects."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CSV_DELIMITER = ";"
CSV_DECIMAL = ","
CSV_DATE = "%d/%m/%Y"
CSV_DATETIME = "%d/%m/%Y %H:%M"
XLSX_DATE = "DD/MM/YYYY"
XLSX_DATETIME = "DD/MM/YYYY HH:MM"
EXCEL_CELL_LIMIT = 32_767
EXCEL_SHEET_TITLE_LIMIT = 31
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5C99")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
# Column widths (in characters) fitted to the header and this many first rows, within bounds.
WIDTH_SAMPLE_ROWS = 100
MIN_WIDTH, MAX_WIDTH = 8, 50
MAX_DECIMAL_PLACES = 10


# --- values shared by both formats --------------------------------------------------------


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_text(value: str) -> str:
    """The text as a CSV cell that no spreadsheet runs as a formula."""
    return f"'{value}" if formula_like(value) else value


def unescape_text(value: str) -> str:
    """What `safe_text` wrote, back: the importers read exported CSVs again. An apostrophe
    before a formula character only ever comes from an export (Excel does not save it)."""
    return value[1:] if value.startswith("'") and formula_like(value[1:]) else value


def local_naive(moment: datetime) -> datetime:
    """The moment on the platform's local clock, without a zone (neither CSV nor xlsx keep
    one); a naive datetime is taken to be local already."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def zone_name() -> str:
    """The local zone as readers know it ("WIB" for Asia/Jakarta)."""
    return timezone.localtime().tzname() or str(timezone.get_current_timezone())


def with_zone(title: str) -> str:
    """A column title of times, naming the zone they are in: "Waktu (WIB)"."""
    return f"{title} ({zone_name()})"


def yes_no(value: bool) -> str:
    return _("Ya") if value else _("Tidak")


# --- CSV ------------------------------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    return format(value, "f").replace(".", CSV_DECIMAL)


def csv_value(value: object) -> str:
    """One cell of the Indonesian CSV (see the module's description)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _decimal_text(value) if value.is_finite() else ""
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float ("18.4", not 18.39999…).
        return _decimal_text(Decimal(repr(value))) if math.isfinite(value) else ""
    if isinstance(value, datetime):
        return local_naive(value).strftime(CSV_DATETIME)
    if isinstance(value, date):
        return value.strftime(CSV_DATE)
    return safe_text(str(value))


class _Echo:
    """A file-like object csv.writer can write to, handing each line back."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The file as text, a BOM first and then one line at a time."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff"
    yield writer.writerow([csv_value(title) for title in headers])
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])


def write_csv(
    target: IO[bytes], headers: Sequence[object], rows: Iterable[Sequence[object]]
) -> None:
    for line in csv_lines(headers, rows):
        target.write(line.encode("utf-8"))


def csv_bytes(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.BytesIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


# --- xlsx -----------------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    headers: Sequence[object]
    rows: Iterable[Sequence[object]]
    notes: Sequence[object] = ()  # lines above the header (title, how it was sorted)
    widths: Sequence[int] | None = None  # in characters; fitted to the content when None


def _decimal_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = min(-exponent, MAX_DECIMAL_PLACES) if isinstance(exponent, int) else 0
    return "0." + "0" * places if places > 0 else "0"


def xlsx_cell(sheet: Any, value: object) -> object:
    """One cell of a write-only sheet (see the module's description)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _decimal_format(value)
        return cell
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=local_naive(value))
        cell.number_format = XLSX_DATETIME
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:EXCEL_CELL_LIMIT]
    if formula_like(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        cell.quotePrefix = True
        return cell
    return text


def _shown_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, date):
        return len("00/00/0000")
    text = csv_value(value) if not isinstance(value, str | Promise) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _fitted_widths(headers: Sequence[object], sample: list[Sequence[object]]) -> list[int]:
    widths = []
    for index, title in enumerate(headers):
        longest = max(
            [
                len(str(title)) + 2,
                *(_shown_length(row[index]) for row in sample if index < len(row)),
            ]
        )
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 1)))
    return widths


def _write_sheet(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet(spec.title[:EXCEL_SHEET_TITLE_LIMIT])
    rows = iter(spec.rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    widths = spec.widths or _fitted_widths(spec.headers, sample)
    # Write-only sheets take their layout before the first row.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{len(spec.notes) + 2}"
    for note in spec.notes:
        sheet.append([xlsx_cell(sheet, note)])
    header = []
    for title in spec.headers:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(title)))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        header.append(cell)
    sheet.append(header)
    for row in chain(sample, rows):
        sheet.append([xlsx_cell(sheet, value) for value in row])


def write_xlsx(target: IO[bytes], sheets: Iterable[Sheet]) -> None:
    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    workbook.save(target)


def xlsx_bytes(
    sheet_title: str,
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    notes: Sequence[object] = (),
    widths: Sequence[int] | None = None,
) -> bytes:
    """One sheet, in memory: for tables of a bounded size (a ranking has a few hundred rows)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [Sheet(sheet_title, headers, rows, notes, widths)])
    return buffer.getvalue()
