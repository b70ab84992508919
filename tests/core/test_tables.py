"""The shared table writer: a CSV that Excel with Indonesian settings opens into the right
columns and numbers, and an xlsx with the same rows as real numbers, dates and text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from core.tables import csv_bytes, csv_value, unescape_text, with_zone, xlsx_bytes

HEADERS = ["Kode", "Daerah", "Indeks", "Rasio", "Peringkat", "Dihitung pada", "Tanggal", "Aktif"]
ROWS = [
    [
        "35.07",
        "Kabupaten Malang",
        Decimal("18.40"),
        0.25,
        3,
        datetime(2026, 12, 2, 2, 33, 30, 657196, tzinfo=UTC),  # 09:33 in Jakarta
        date(2026, 12, 2),
        True,
    ],
    ["0812", '=HYPERLINK("x")', Decimal("-3.4417"), None, 10, None, None, False],
]


def parsed(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_for_excel_with_indonesian_settings():
    content = csv_bytes(HEADERS, ROWS)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert first_line == ";".join(HEADERS)
    header, malang, other = parsed(content)
    assert header == HEADERS
    assert malang == [
        "35.07",  # a code is text: not "35,07"
        "Kabupaten Malang",
        "18,40",  # decimal comma, the places kept
        "0,25",
        "3",
        "02/12/2026 09:33",  # Jakarta time, day first, no offset or microseconds
        "02/12/2026",
        "Ya",
    ]
    assert other == ["0812", '\'=HYPERLINK("x")', "-3,4417", "", "10", "", "", "Tidak"]


def test_text_is_never_localised_only_numbers_are():
    assert csv_value("63.03") == "63.03"
    assert csv_value("001234") == "001234"  # a leading zero stays
    assert csv_value("199001012015031001") == "199001012015031001"  # a NIP
    assert csv_value("+6281234") == "'+6281234"  # neutralised, not a number
    assert csv_value(Decimal("1234567.5")) == "1234567,5"  # no thousands separator
    assert csv_value(Decimal("1E+2")) == "100"
    assert csv_value(1e-7) == "0,0000001"
    assert csv_value(12) == "12"


def test_a_cell_with_a_semicolon_or_a_line_break_stays_one_cell():
    content = csv_bytes(["A", "B"], [["satu; dua", "baris\nbaru"]])
    assert parsed(content)[1] == ["satu; dua", "baris\nbaru"]


def test_the_neutralising_apostrophe_is_removed_again_on_import():
    for text in ("=1+1", "+62", "-", "@x", "biasa", "'kutip"):
        assert unescape_text(csv_value(text)) == text


def test_times_are_labelled_with_their_zone():
    assert with_zone("Waktu") == "Waktu (WIB)"


def test_the_xlsx_has_the_same_rows_as_numbers_dates_and_text():
    content = xlsx_bytes("Peringkat", HEADERS, ROWS, notes=["Peringkat nasional 2026"])
    sheet = load_workbook(io.BytesIO(content))["Peringkat"]
    assert sheet.freeze_panes == "A3"  # below the note and the header
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "Peringkat nasional 2026"
    assert [cell.value for cell in rows[1]] == HEADERS
    assert all(cell.font.bold for cell in rows[1])
    code, _name, index, ratio, rank, computed, day, active = rows[2]
    assert (code.value, code.data_type) == ("35.07", "s")
    assert (index.value, index.data_type, index.number_format) == (18.4, "n", "0.00")
    assert ratio.value == 0.25 and rank.value == 3
    assert computed.value.replace(microsecond=0) == datetime(2026, 12, 2, 9, 33, 30)
    assert computed.number_format == "DD/MM/YYYY HH:MM"
    assert computed.is_date and day.is_date and day.number_format == "DD/MM/YYYY"
    assert active.value == "Ya"
    second = rows[3]
    assert second[0].value == "0812"  # the leading zero kept: text
    formula = second[1]
    assert formula.value == '=HYPERLINK("x")' and formula.data_type == "s"  # never a formula
    assert formula.quotePrefix
    assert second[2].value == -3.4417 and second[2].number_format == "0.0000"
    assert [cell.value for cell in second[3:]] == [None, 10, None, None, "Tidak"]
    assert len(rows) == 2 + len(ROWS)
    widths = [sheet.column_dimensions[letter].width for letter in "AB"]
    assert widths[0] >= 8 and widths[1] >= len("Kabupaten Malang")


def test_the_xlsx_and_csv_of_many_rows_hold_every_row():
    rows = ([number, Decimal(number) / 4] for number in range(1, 1001))
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Data", ["No", "Nilai"], rows))).active
    assert sheet.max_row == 1001
    assert sheet.cell(row=1001, column=2).value == 250
    content = csv_bytes(["No", "Nilai"], ([n, Decimal(n) / 4] for n in range(1, 1001)))
    assert parsed(content)[-1] == ["1000", "250"]
