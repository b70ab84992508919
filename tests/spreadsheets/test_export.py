"""Exports to xlsx and CSV: the rows the user may see, with their scores, in a fixed number of
queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import Role
from imports.reading import CSV, read_table
from rubric.years import current_year
from tenants.assessment.workflow import fire
from tenants.spreadsheets.exporter import export_csv, export_xlsx, innovation_header
from tenants.spreadsheets.importer import import_innovations
from tenants.spreadsheets.parsing import parse_coordinate, parse_date, parse_money
from tests.conftest import make_member, make_opd
from tests.registry.helpers import (
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
)


def verified_innovation(personas, region):
    """An innovation whose SID-16 is answered at level 3 with accepted evidence (9 points)."""
    innovation = make_innovation(region, personas.operator_a, personas.opd_a)
    report = current_report(region, innovation)
    answer_with_pdf(region, personas.operator_a, report, "SID-16", 3)
    fire("submit", region=region, actor=personas.operator_a, report=report)
    answer_mandatory(region, report)
    fire("verify", region=region, actor=personas.verifier_a, report=report)
    return innovation, report


def xlsx_rows(content: bytes, sheet: str = "Inovasi") -> list[dict]:
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], values, strict=True)) for values in rows[1:]]


def test_xlsx_export_has_the_rows_and_their_scores(personas, region_a, client_for):
    _innovation, report = verified_innovation(personas, region_a)
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Draf Kosong", design="")
    client = client_for(personas.admin_a, region_a)

    response = client.get(f"/impor-ekspor/ekspor/?format=xlsx&year={report.year}")
    assert response.status_code == 200
    assert f"inovasi-banjar-{report.year}.xlsx" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Inovasi", "SPD", "Ringkasan"]
    assert workbook["Inovasi"].freeze_panes == "A2"

    draft, verified = xlsx_rows(content)
    assert verified["Nama inovasi"] == "SEPEDA BARU"
    assert verified["OPD"] == "Dinas Kesehatan"
    assert verified["Tahapan"] == "Penerapan"
    assert verified["Status"] == "Terverifikasi"
    assert verified["Skor inovasi"] == 9
    assert verified["Skor maksimum"] == 111  # 37 weights x 3 levels
    assert verified["Bukti diterima"] == 1
    assert verified["Bukti belum diperiksa"] == 0
    assert verified["Memenuhi syarat"] == "Ya"
    assert verified["Kelengkapan bukti (%)"] > 0
    assert draft["Nama inovasi"] == "Draf Kosong"
    assert (draft["Status"], draft["Skor inovasi"], draft["Memenuhi syarat"]) == (
        "Draf",
        0,
        "Tidak",
    )
    assert draft["Kekurangan siap kirim"] > verified["Kekurangan siap kirim"]

    spd = xlsx_rows(content, "SPD")
    assert spd[0]["Kode"] == "SPD-01"
    summary = dict(load_workbook(io.BytesIO(content))["Ringkasan"].iter_rows(values_only=True))
    assert summary["Tahun penilaian"] == report.year


def test_csv_export_opens_in_excel_and_has_the_same_rows(personas, region_a, client_for):
    _innovation, report = verified_innovation(personas, region_a)
    make_innovation(region_a, personas.admin_a, personas.opd_a, name='=HYPERLINK("x")')
    response = client_for(personas.verifier_a, region_a).get(
        f"/impor-ekspor/ekspor/?format=csv&year={report.year}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    text = content.decode("utf-8-sig")
    assert text.startswith("No;")  # ";" as Excel with Indonesian settings expects
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == innovation_header()
    by_name = {row["Nama inovasi"]: row for row in rows}
    verified = by_name["SEPEDA BARU"]
    assert verified["Skor inovasi"] in ("9", "9,00")  # a decimal comma, never "9.00"
    assert verified["Status"] == "Terverifikasi"
    assert verified["Memenuhi syarat"] == "Ya"
    assert verified["Waktu penerapan"] == "01/03/2025"  # day first, as the import reads
    assert '\'=HYPERLINK("x")' in by_name  # never run as a formula


def test_an_exported_file_imports_again_without_changes(personas, region_a):
    verified_innovation(personas, region_a)
    make_innovation(
        region_a, personas.admin_a, personas.opd_a, name="Kedua", other_affairs=["sosial"]
    )
    target = io.BytesIO()
    export_xlsx(user=personas.admin_a, region=region_a, year=current_year(), target=target)
    target.name, target.size = "ekspor.xlsx", target.tell()
    target.seek(0)
    result = import_innovations(region=region_a, actor=personas.admin_a, file=target)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_an_exported_csv_reads_back_as_the_same_values(personas, region_a):
    """The CSV for Excel with Indonesian settings (";", decimal commas, day-first dates, the
    apostrophe before a formula) read by the imports' table reader and the spreadsheet's cell
    parsers gives back what was exported. (The innovation import itself takes xlsx only.)"""
    make_innovation(
        region_a,
        personas.admin_a,
        personas.opd_a,
        name="=Kedua",
        latitude=Decimal("-3.441700"),
        longitude=Decimal("114.833300"),
        budget_amount=Decimal(150_000_000),
    )
    target = io.BytesIO()
    export_csv(user=personas.admin_a, region=region_a, year=current_year(), target=target)
    text = target.getvalue().decode("utf-8-sig")
    assert "-3,441700" in text and "'=Kedua" in text
    target.seek(0)
    table = read_table(target, filename="ekspor.csv", kinds=(CSV,))
    (_n, header), (_m, values) = table.rows
    row = dict(zip(header, values, strict=True))
    assert row["Nama inovasi"] == "=Kedua"  # the neutralising apostrophe is read away
    assert parse_coordinate(row["Lintang"], Decimal(90)) == Decimal("-3.441700")
    assert parse_coordinate(row["Bujur"], Decimal(180)) == Decimal("114.833300")
    assert parse_money(row["Anggaran"]) == 150_000_000
    assert parse_date(row["Waktu penerapan"]).value == date(2025, 3, 1)


def test_other_regions_cannot_export_and_operators_export_only_their_opd(
    personas, region_a, client_for
):
    other = make_opd(region_a, "Dinas Pendidikan")
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Milik Dinkes")
    make_innovation(region_a, personas.admin_a, other, name="Milik Disdik")

    for url in ("/impor-ekspor/ekspor/?format=xlsx", "/impor-ekspor/paket/"):
        assert client_for(personas.admin_b, region_a).get(url).status_code in (403, 404)
        assert client_for(personas.outsider, region_a).get(url).status_code in (403, 404)
    assert (
        client_for(personas.admin_a, region_a).get("/impor-ekspor/ekspor/?format=pdf").status_code
        == 404
    )

    response = client_for(personas.operator_a, region_a).get("/impor-ekspor/ekspor/?format=xlsx")
    content = b"".join(response.streaming_content)
    assert [row["Nama inovasi"] for row in xlsx_rows(content)] == ["Milik Dinkes"]
    # The region's own indicators are for people who see the whole region.
    assert "SPD" not in load_workbook(io.BytesIO(content)).sheetnames

    response = client_for(personas.admin_a, region_a).get("/impor-ekspor/ekspor/?format=xlsx")
    names = [row["Nama inovasi"] for row in xlsx_rows(b"".join(response.streaming_content))]
    assert names == ["Milik Dinkes", "Milik Disdik"]


def export_queries(user, region) -> int:
    with CaptureQueriesContext(connection) as queries:
        export_xlsx(user=user, region=region, year=current_year(), target=io.BytesIO())
    return len(queries)


def test_export_queries_do_not_grow_with_the_number_of_innovations(personas, region_a):
    admin = make_member(region_a, Role.REGION_ADMIN, "admin2@banjar.test")
    for n in range(3):
        innovation = make_innovation(region_a, admin, personas.opd_a, name=f"Inovasi {n}")
        answer_with_pdf(region_a, admin, current_report(region_a, innovation), "SID-16", 2)
    export_queries(admin, region_a)  # warm the per-request caches
    few = export_queries(admin, region_a)
    for n in range(3, 30):
        make_innovation(region_a, admin, personas.opd_a, name=f"Inovasi {n}")
    many = export_queries(admin, region_a)
    assert many == few
    assert few <= 15
