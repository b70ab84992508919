"""Reading uploaded tables with bounded work: hostile files under the upload cap are refused in
seconds with a message in the user's language, the web process's memory does not grow, the
parser process is capped by the operating system, formulas without a stored result are reported
at their cell, and both importers read through it."""

from __future__ import annotations

import dataclasses
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from core.sheet_import import FileRejected
from imports.limits import DEFAULT_LIMITS
from imports.reading import CSV, XLSX, read_table
from tests.hostile_files import (
    blank_cells_far_right,
    formula_without_result,
    millions_of_shared_strings,
    one_huge_string,
    unpacks_to_a_gigabyte,
    workbook_bytes,
)


def xlsx(rows: list[list[object]]) -> io.BytesIO:
    return io.BytesIO(workbook_bytes(rows))


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def refusal(data: bytes, filename: str = "inovasi.xlsx", **options) -> tuple[str, float, int]:
    """The message a file gets, the seconds it took and what this process's memory grew by."""
    before, started = rss_kb(), time.perf_counter()
    with pytest.raises(FileRejected) as refused:
        read_table(io.BytesIO(data), filename=filename, **options)
    return refused.value.errors[0].message, time.perf_counter() - started, rss_kb() - before


@pytest.mark.parametrize(
    "make", [millions_of_shared_strings, one_huge_string, unpacks_to_a_gigabyte]
)
def test_hostile_archives_are_refused_before_parsing(make):
    data = make()
    assert len(data) < DEFAULT_LIMITS.max_bytes  # any operator could upload it
    message, seconds, grew_kb = refusal(data)
    assert "jauh lebih besar dari sebuah tabel" in message
    assert seconds < 5
    assert grew_kb < 50 * 1024


def test_blank_cells_at_the_last_column_cost_seconds_not_minutes():
    data = blank_cells_far_right()
    before, started = rss_kb(), time.perf_counter()
    table = read_table(io.BytesIO(data), filename="inovasi.xlsx")
    assert time.perf_counter() - started < 10
    assert rss_kb() - before < 50 * 1024
    assert table.rows == [(1, ("Nama",))]
    assert table.parser_peak_kb < 200 * 1024


def test_the_parser_process_is_capped_by_the_operating_system():
    # A real table whose parsing needs about 40 MB: refused under a 60 MB cap.
    rows = [["Nama", "Kata", "Uraian", "Hasil"]] + [
        [f"Inovasi {n}", f"kata {n} " * 100, f"uraian {n} " * 100, f"hasil {n} " * 100]
        for n in range(4000)
    ]
    data = xlsx(rows).getvalue()
    starved = dataclasses.replace(DEFAULT_LIMITS, parser_memory_mb=60)
    message, _seconds, _grew = refusal(data, limits=starved)
    assert "terlalu banyak memori" in message
    hurried = dataclasses.replace(DEFAULT_LIMITS, parser_wall_seconds=0.01)
    message, _seconds, _grew = refusal(data, limits=hurried)
    assert "terlalu lama" in message
    # With the real limits the same file is just a table.
    table = read_table(io.BytesIO(data), filename="x.xlsx")
    assert len(table.rows) == 4001 and table.parser_peak_kb < 200 * 1024


def test_too_many_rows_and_too_long_cells():
    many = xlsx([["Nama"]] + [[f"Inovasi {n}"] for n in range(30)]).getvalue()
    assert "lebih dari 20 baris" in refusal(many, limits=DEFAULT_LIMITS.__class__(max_rows=20))[0]
    long_cell = "Nama\n" + "a" * 200_000 + "\n"
    message, _seconds, _grew = refusal(long_cell.encode(), filename="a.csv", kinds=(CSV,))
    assert "lebih dari 100000 karakter" in message


@pytest.mark.parametrize(
    ("content", "name", "kinds", "expected"),
    [
        (b"", "a.xlsx", (XLSX, CSV), "Berkas kosong"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.xls", (XLSX,), "Excel lama"),
        (b"Nama,OPD\nA,B\n", "a.xlsx", (XLSX,), "bukan xlsx"),
        (b"Nama,OPD\nA,B\n", "a.xlsx", (XLSX, CSV), "bernama .xlsx"),
        (b"PK\x03\x04 rusak", "a.xlsx", (XLSX,), "rusak"),
        (b"\xff\xfeN\0a\0", "a.csv", (XLSX, CSV), "UTF-16"),
    ],
)
def test_what_is_not_a_table_is_said_plainly(content, name, kinds, expected):
    with pytest.raises(FileRejected) as refused:
        read_table(io.BytesIO(content), filename=name, kinds=kinds)
    assert expected in refused.value.errors[0].message


def test_messages_follow_the_language():
    with translation.override("en"), pytest.raises(FileRejected) as refused:
        read_table(io.BytesIO(unpacks_to_a_gigabyte(100)), filename="a.xlsx")
    assert "far larger than a table" in refused.value.errors[0].message


def test_a_formula_without_a_stored_result_is_found_at_its_cell():
    table = read_table(io.BytesIO(formula_without_result()), filename="a.xlsx")
    assert table.formulas == [(2, 2)] and table.formula_at(2, 1)
    assert table.rows == [(1, ("Nama", "Anggaran")), (2, ("Inovasi A",))]


def test_the_innovation_import_names_the_formula_cell(personas, region_a):
    from tenants.spreadsheets.columns import COLUMNS
    from tenants.spreadsheets.importer import import_innovations

    titles = [column.title for column in COLUMNS]
    row = {title: "" for title in titles}
    row.update({titles[0]: "Inovasi Rumus"})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(titles)
    budget = next(column for column in COLUMNS if column.key == "budget_amount")
    values = ["Inovasi Rumus"] + [None] * (len(titles) - 1)
    values[titles.index(budget.title)] = "=1000*3"
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_innovations(
        region=region_a,
        actor=personas.admin_a,
        file=SimpleUploadedFile("inovasi.xlsx", buffer.getvalue()),
    )
    formula_errors = [error for error in result.errors if "rumus" in error.message]
    assert [(error.row, error.column) for error in formula_errors] == [(2, budget.title)]


def test_the_official_results_import_names_the_formula_cell(db):
    from rankings.official import COLUMNS, import_official_results

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Tahun", "Indeks"])
    sheet.append(["63.03", 2024, "=40+2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    outcome = import_official_results(buffer, filename="hasil.xlsx", source="SK Uji", user=None)
    index = next(column for column in COLUMNS if column.key == "index")
    assert [(error.row, error.column) for error in outcome.errors] == [(2, index.title)]
    assert "rumus" in outcome.errors[0].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Our exports and Excel with Indonesian settings: ";" between fields, decimal commas.
        (b'\xef\xbb\xbfNama;"Koordinat, lintang"\nA;-3,4417\n', ("A", "-3,4417")),
        # Excel elsewhere: "," between fields; a quoted title with ";" does not mislead.
        (b'Nama,"Catatan; lain"\nA,"-3,4417"\n', ("A", "-3,4417")),
    ],
)
def test_a_csv_is_read_with_the_delimiter_of_its_header(content, expected):
    table = read_table(io.BytesIO(content), filename="a.csv", kinds=(CSV,))
    assert table.rows[1] == (2, expected)


def test_the_apostrophe_an_export_puts_before_a_formula_is_read_away():
    content = b"Nama;OPD\n'=HYPERLINK(1);'+62 Dinas\n'biasa;x\n"
    table = read_table(io.BytesIO(content), filename="a.csv", kinds=(CSV,))
    assert [values for _number, values in table.rows[1:]] == [
        ("=HYPERLINK(1)", "+62 Dinas"),
        ("'biasa", "x"),  # an apostrophe before ordinary text was typed: it stays
    ]
