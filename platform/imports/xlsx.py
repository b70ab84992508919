"""Reading an xlsx, run inside the bounded parser process (imports.bounded). Imports nothing of
Django: it is handed a path and limits, and returns plain values.

Before openpyxl sees the file, the archive is measured: every part's uncompressed size, the
shared strings and the data sheet (a 300 KB upload can unpack to gigabytes of strings or of
blank cells). openpyxl then reads it in read-only mode, at most `max_columns` columns and
`max_scanned_rows` rows. Cells holding a formula whose result was never stored (files written
by programs that do not compute) are reported, never read as empty."""

from __future__ import annotations

import re
import zipfile
from typing import Any

from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


class TableTooLarge(Exception):
    """The archive unpacks to more than a table of this kind can be."""


class NotAWorkbook(Exception):
    """Not an xlsx at all, or a damaged one."""


class NoDataSheet(Exception):
    """The chosen sheet is a chart or holds nothing."""


def read_xlsx(request: dict[str, Any]) -> dict[str, Any]:
    path, limits = request["path"], request["limits"]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAWorkbook(str(exc)) from exc
    with archive:
        _measure(archive, limits)
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise NotAWorkbook(str(exc)) from exc
        try:
            names = {name.casefold(): name for name in workbook.sheetnames}
            wanted = next(
                (names[name.casefold()] for name in request["sheets"] if name.casefold() in names),
                workbook.sheetnames[0],
            )
            sheet = workbook[wanted]
            if not hasattr(sheet, "iter_rows"):
                raise NoDataSheet(wanted)
            part = getattr(sheet, "_worksheet_path", None)
            if part:
                size = archive.getinfo(part.lstrip("/")).file_size
                if size > limits.max_sheet_bytes:
                    raise TableTooLarge("sheet")
            formulas = _formulas_without_result(archive, part, limits) if part else []
            rows, scanned = _rows(sheet, limits)
        finally:
            workbook.close()
    return {"sheet": wanted, "rows": rows, "scanned": scanned, "formulas": formulas}


def _measure(archive: zipfile.ZipFile, limits: Any) -> None:
    members = archive.infolist()
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        raise TableTooLarge("unpacked")
    for member in members:
        strings = member.filename.endswith("sharedStrings.xml")
        if strings and member.file_size > limits.max_shared_strings_bytes:
            raise TableTooLarge("shared strings")


def _rows(sheet: Any, limits: Any) -> tuple[list[tuple[int, tuple]], int]:
    """Filled rows as (row number, values); blank rows are counted, not kept. Stops at the
    limits (the caller turns that into a message)."""
    rows: list[tuple[int, tuple]] = []
    number = 0
    for number, values in enumerate(
        sheet.iter_rows(max_col=limits.max_columns, values_only=True), start=1
    ):
        if number > limits.max_scanned_rows:
            raise TableTooLarge("rows")
        if any(_filled(value) for value in values):
            width = len(values)
            while width and values[width - 1] is None:  # openpyxl pads to max_col
                width -= 1
            rows.append((number, tuple(_bounded(value, limits) for value in values[:width])))
            if len(rows) > limits.max_rows + 10:  # a few header and note rows on top
                raise TableTooLarge("rows")
    return rows, number


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _bounded(value: Any, limits: Any) -> Any:
    if isinstance(value, str) and len(value) > limits.max_cell_chars:
        raise TableTooLarge("cell")
    return value


def _formulas_without_result(archive: zipfile.ZipFile, part: str, limits: Any) -> list[tuple]:
    """(row, column) of cells with a formula and no stored result, in the first
    `max_columns` columns. The sheet is streamed once looking for formulas at all; only a
    sheet that has some is parsed for them."""
    name = part.lstrip("/")
    with archive.open(name) as stream:
        if not _contains(stream, (b"<f>", b"<f ", b"<f/>")):
            return []
    found: list[tuple] = []
    with archive.open(name) as stream:
        for _event, element in iterparse(stream):
            if element.tag == f"{MAIN_NS}c":
                formula = element.find(f"{MAIN_NS}f")
                value = element.findtext(f"{MAIN_NS}v")
                if formula is not None and not value:
                    match = CELL_REF.fullmatch(element.get("r", ""))
                    if match:
                        column = _column_number(match.group(1))
                        if column <= limits.max_columns:
                            found.append((int(match.group(2)), column))
                element.clear()
            elif element.tag == f"{MAIN_NS}row":
                element.clear()
    return found


def _contains(stream: Any, needles: tuple[bytes, ...]) -> bool:
    tail = b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        if any(needle in window for needle in needles):
            return True
        tail = window[-8:]
    return False


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number
