"""Building xlsx uploads for import tests."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tenants.spreadsheets.columns import COLUMNS
from tests.registry.helpers import DESIGN_300

TITLES = [column.title for column in COLUMNS]


def row(**values) -> dict:
    """A complete, valid row by column title; keyword arguments use the field keys."""
    data = {
        "name": "SEPEDA BARU",
        "opd": "Dinas Kesehatan",
        "stage": "Penerapan",
        "initiator": "OPD",
        "is_digital": "Digital",
        "form": "Inovasi pelayanan publik",
        "affair": "Kesehatan",
        "implemented_on": date(2025, 3, 1),
        "design": DESIGN_300,
        "goals": "Menurunkan angka kematian ibu.",
        "benefits": "Ibu hamil terpantau.",
        "results": "Kunjungan meningkat.",
    }
    data.update(values)
    by_key = {column.key: column.title for column in COLUMNS}
    return {by_key[key]: value for key, value in data.items()}


def xlsx_bytes(rows: list[dict | None], titles: list[str] | None = None) -> bytes:
    """A workbook with the sheet Inovasi; a None row is left blank."""
    titles = titles or TITLES
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(titles)
    for values in rows:
        sheet.append([] if values is None else [values.get(title) for title in titles])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(rows: list[dict | None], titles: list[str] | None = None, name: str = "inovasi.xlsx"):
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows, titles),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
