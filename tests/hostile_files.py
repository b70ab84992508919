"""Spreadsheets built to hurt a reader, each well under the 5 MB upload cap: what any OPD operator
could send. Used by the import tests and by bench/imports_hostile.py."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """A plain workbook with these rows in its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_parts(base: bytes, parts: dict[str, bytes]) -> bytes:
    """`base` with some parts replaced (or added), compressed as hard as zip allows."""
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        names = source.namelist()
        for name in names:
            target.writestr(name, parts.pop(name, None) or source.read(name))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _content_types_with_strings(base: bytes) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(base)).read("[Content_Types].xml").decode()
    if "sharedStrings" in types:
        return types.encode()
    return types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ).encode()


def _sheet(rows_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def millions_of_shared_strings(count: int = 3_000_000) -> bytes:
    base = workbook_bytes([["Nama"]])
    strings = "".join(f"<si><t>{n % 10}</t></si>" for n in range(count))
    return _with_parts(
        base,
        {
            STRINGS: (
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" '
                f'uniqueCount="{count}">{strings}</sst>'
            ).encode(),
            SHEET: _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            "[Content_Types].xml": _content_types_with_strings(base),
        },
    )


def one_huge_string(chars: int = 60_000_000) -> bytes:
    base = workbook_bytes([["Nama"]])
    return _with_parts(
        base,
        {
            STRINGS: (
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" '
                f'uniqueCount="1"><si><t>{"a" * chars}</t></si></sst>'
            ).encode(),
            SHEET: _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            "[Content_Types].xml": _content_types_with_strings(base),
        },
    )


def blank_cells_far_right(rows: int = 49_000) -> bytes:
    """A header, then `rows` rows whose only cell is blank, in the last column (XFD)."""
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row>' + "".join(
        f'<row r="{n}"><c r="XFD{n}"/></row>' for n in range(2, rows + 2)
    )
    return _with_parts(workbook_bytes([["Nama"]]), {SHEET: _sheet(body)})


def unpacks_to_a_gigabyte(megabytes: int = 1000) -> bytes:
    """A sheet of nothing but whitespace, a gigabyte once unpacked."""
    base = workbook_bytes([["Nama"]])
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in source.namelist():
            if name == SHEET:
                with target.open(name, "w") as stream:
                    stream.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
                    block = b" " * (1 << 20)
                    for _ in range(megabytes):
                        stream.write(block)
                    stream.write(b"</sheetData></worksheet>")
            else:
                target.writestr(name, source.read(name))
    return out.getvalue()


def formula_without_result() -> bytes:
    """A file written by a program that does not compute: formulas, no stored results."""
    return workbook_bytes([["Nama", "Anggaran"], ["Inovasi A", "=1000*2"]])


HOSTILE = {
    "3 million shared strings": millions_of_shared_strings,
    "one 60-million-character string": one_huge_string,
    "49,000 rows of blank cells at column XFD": blank_cells_far_right,
    "a sheet that unpacks to 1 GB": unpacks_to_a_gigabyte,
}
