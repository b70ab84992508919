"""The import template: a real xlsx with the header, drop-down lists and explanations, that
imports once filled in."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tenants.spreadsheets.importer import import_innovations
from tests.spreadsheets.helpers import TITLES, row


def test_the_template_downloads_and_opens_with_the_header(personas, region_a, client_for):
    response = client_for(personas.admin_a, region_a).get("/impor-ekspor/templat/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "templat-impor-inovasi-banjar.xlsx" in response["Content-Disposition"]

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Inovasi", "Petunjuk", "Referensi"]
    sheet = workbook["Inovasi"]
    assert [cell.value for cell in sheet[1]] == TITLES
    assert sheet.freeze_panes == "A2"

    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    assert set(lists) == {"B2", "C2", "D2", "F2", "G2", "H2"}  # OPD, tahapan … urusan
    reference = workbook["Referensi"]
    columns = {
        reference.cell(1, col).value: [
            reference.cell(r, col).value
            for r in range(2, reference.max_row + 1)
            if reference.cell(r, col).value is not None
        ]
        for col in range(1, reference.max_column + 1)
    }
    assert "Dinas Kesehatan" in columns["OPD"]
    assert columns["Tahapan"] == ["Inisiatif", "Uji coba", "Penerapan"]
    assert columns["Jenis"] == ["Digital", "Non digital"]
    assert "Kesehatan" in columns["Urusan"]
    assert "Dinkes" in columns["Singkatan OPD"]

    explained = {r[0].value for r in workbook["Petunjuk"].iter_rows()}
    assert set(TITLES) <= explained


def test_a_filled_in_template_imports(personas, region_a, client_for):
    response = client_for(personas.operator_a, region_a).get("/impor-ekspor/templat/")
    workbook = load_workbook(io.BytesIO(response.content))
    values = row(name="Dari Templat")
    workbook["Inovasi"].append([values.get(title) for title in TITLES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("templat.xlsx", buffer.getvalue())
    result = import_innovations(region=region_a, actor=personas.operator_a, file=file)
    assert result.ok, result.errors
    assert result.created == 1
