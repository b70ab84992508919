"""Reading an uploaded table — xlsx or CSV — with bounded work, for every importer.

`read_table` tells the kind by the content (the name only sharpens a message), refuses what is
too big before parsing anything, parses an xlsx in a bounded child process (imports.bounded,
imports.xlsx) and a CSV here (it is at most `max_bytes` of text), and returns the filled rows
with their numbers as the spreadsheet shows them. Every refusal is a `FileRejected` with a
message in the user's language; no exception text reaches them."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from core.sheet_import import FileRejected, RowError, is_blank
from core.tables import unescape_text
from imports import bounded
from imports.limits import DEFAULT_LIMITS, MB, Limits

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CSV_DELIMITERS = (",", ";", "\t")
QUOTED = re.compile(r'"[^"]*"')
XLSX, CSV = "xlsx", "csv"


@dataclass
class Table:
    kind: str  # XLSX or CSV
    sheet: str  # the sheet read ("" for a CSV)
    rows: list[tuple[int, tuple]]  # filled rows: (number as the spreadsheet shows it, values)
    # Cells holding a formula whose result was never stored: (row number, column number, 1-based).
    formulas: list[tuple[int, int]] = field(default_factory=list)
    parser_peak_kb: int = 0  # the bounded parser's peak memory (xlsx only)

    def __post_init__(self) -> None:
        self._formula_cells = set(self.formulas)

    def formula_at(self, row: int, index: int) -> bool:
        """Whether the cell at `row`, 0-based column `index`, is a formula without a result."""
        return (row, index + 1) in self._formula_cells


def read_table(
    file: IO[bytes],
    *,
    filename: str = "",
    sheets: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (XLSX, CSV),
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    """The filled rows of the upload (for an xlsx, of the first of `sheets` it has, else its
    first sheet)."""
    kind = _sniff(file, filename, kinds, limits)
    table = _read_xlsx(file, sheets, limits) if kind == XLSX else _read_csv(file, limits)
    if not table.rows:
        raise _rejected(_("Berkas tidak berisi satu baris pun."))
    return table


def formula_message() -> str:
    """What a cell gets that holds a formula whose result the file never stored."""
    return _(
        "Sel ini berisi rumus yang hasilnya tidak tersimpan di berkas. Buka berkas di Excel atau "
        "LibreOffice dan simpan ulang, atau ganti rumus dengan nilainya."
    )


def _rejected(message: str) -> FileRejected:
    return FileRejected([RowError(None, "", message)])


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    return size


def _sniff(file: IO[bytes], filename: str, kinds: tuple[str, ...], limits: Limits) -> str:
    size = _size(file)
    if size > limits.max_bytes:
        raise _rejected(
            _("Berkas terlalu besar (%(size)s MB); paling besar %(limit)d MB.")
            % {"size": f"{size / MB:.1f}", "limit": limits.max_bytes // MB}
        )
    head = file.read(8192)
    file.seek(0)
    if not head.strip():
        raise _rejected(_("Berkas kosong."))
    if head.startswith(ZIP_MAGIC):
        if XLSX in kinds:
            return XLSX
    elif head.startswith(OLE_MAGIC):
        raise _rejected(_not_supported(kinds, old_excel=True))
    elif CSV in kinds and not head.startswith(UTF16_BOMS) and b"\x00" not in head:
        if filename.lower().endswith(".xlsx"):
            raise _rejected(_("Berkas bernama .xlsx tetapi isinya bukan xlsx; berkas rusak?"))
        return CSV
    elif head.startswith(UTF16_BOMS) and CSV in kinds:
        raise _rejected(_("CSV berkode UTF-16 tidak didukung; simpan sebagai CSV UTF-8."))
    raise _rejected(_not_supported(kinds))


def _not_supported(kinds: tuple[str, ...], *, old_excel: bool = False) -> str:
    if old_excel:
        return (
            _("Berkas .xls (Excel lama) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.")
            if CSV in kinds
            else _("Berkas .xls (Excel lama) tidak didukung; simpan sebagai .xlsx.")
        )
    if CSV in kinds:
        return _(
            "Berkas bukan CSV (UTF-8) atau xlsx. Unduh templat, isi, lalu simpan sebagai .xlsx."
        )
    return _(
        "Berkas bukan xlsx. Unduh templat, isi di Excel atau LibreOffice, lalu simpan sebagai .xlsx."
    )


def _read_xlsx(file: IO[bytes], sheets: tuple[str, ...], limits: Limits) -> Table:
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="lumbung-import-")
    try:
        with os.fdopen(handle, "wb") as copy:
            file.seek(0)
            while chunk := file.read(1 << 20):
                copy.write(chunk)
        file.seek(0)
        try:
            answer = bounded.run(
                "xlsx.read_xlsx", {"path": path, "sheets": sheets, "limits": limits}, limits
            )
        except bounded.ParserExhausted as exc:
            raise _rejected(_too_heavy(exc.resource)) from exc
        except bounded.ParserFailed as exc:
            raise _rejected(_xlsx_problem(exc.kind, exc.message, limits)) from exc
    finally:
        os.unlink(path)
    return Table(
        XLSX, answer["sheet"], answer["rows"], answer["formulas"], answer.get("peak_kb", 0)
    )


def _too_heavy(resource: str) -> str:
    if resource == "memory":
        return _(
            "Berkas ini memerlukan terlalu banyak memori untuk dibaca; isinya jauh lebih besar "
            "dari sebuah tabel. Periksa berkasnya, atau bagi menjadi beberapa berkas."
        )
    return _(
        "Berkas ini terlalu lama dibaca; isinya jauh lebih besar dari sebuah tabel. Periksa "
        "berkasnya, atau bagi menjadi beberapa berkas."
    )


def _xlsx_problem(kind: str, detail: str, limits: Limits) -> str:
    if kind == "TableTooLarge":
        if detail == "rows":
            return _too_many_rows(limits)
        if detail == "cell":
            return _("Satu sel berisi lebih dari %(limit)d karakter.") % {
                "limit": limits.max_cell_chars
            }
        return _(
            "Isi berkas ini, setelah dibuka, jauh lebih besar dari sebuah tabel (lebih dari "
            "%(limit)d MB). Periksa berkasnya, atau bagi menjadi beberapa berkas."
        ) % {"limit": limits.max_unpacked_bytes // MB}
    if kind == "NoDataSheet":
        return _("Lembar %(name)s bukan lembar data.") % {"name": detail}
    return _("Berkas xlsx rusak atau tidak dapat dibaca.")


def _too_many_rows(limits: Limits) -> str:
    return _("Berkas berisi lebih dari %(limit)d baris; bagi menjadi beberapa berkas.") % {
        "limit": limits.max_rows
    }


def _read_csv(file: IO[bytes], limits: Limits) -> Table:
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _rejected(_not_supported((XLSX, CSV))) from None
    finally:
        file.seek(0)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is a comma (Indonesian settings, and our own
    # exports), "," elsewhere. Counted outside quoted titles, which may hold either.
    unquoted = QUOTED.sub("", first_line)
    delimiter = max(CSV_DELIMITERS, key=unquoted.count)
    rows: list[tuple[int, tuple]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number > limits.max_scanned_rows or len(rows) > limits.max_rows + 10:
                raise _rejected(_too_many_rows(limits))
            # Our exports neutralise "=…" as "'=…"; read back, it is the text that was typed.
            values: tuple[Any, ...] = tuple(
                unescape_text(value) for value in record[: limits.max_columns]
            )
            if any(len(value) > limits.max_cell_chars for value in values):
                raise _rejected(
                    _("Satu sel berisi lebih dari %(limit)d karakter.")
                    % {"limit": limits.max_cell_chars}
                )
            if not all(is_blank(value) for value in values):
                rows.append((number, values))
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise _rejected(
                _("Satu sel berisi lebih dari %(limit)d karakter.")
                % {"limit": limits.max_cell_chars}
            ) from exc
        raise _rejected(_("CSV tidak dapat dibaca: %(reason)s.") % {"reason": exc}) from exc
    return Table(CSV, "", rows)
