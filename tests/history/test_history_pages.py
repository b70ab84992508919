"""The change history: who changed what and when, readable and exportable by admins, verifiers
and leaders; not by OPD operators or other regions."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from tenants.history.selectors import innovation_changes
from tenants.innovations.services import innovation_update
from tests.registry.helpers import make_innovation


@pytest.fixture
def renamed(personas, region_a):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a, name="SEPEDA LAMA")
    innovation_update(
        region=region_a,
        actor=personas.operator_a,
        innovation=innovation,
        data={"name": "SEPEDA BARU", "stage": "trial", "trial_started_on": date(2025, 1, 1)},
    )
    return innovation


def test_history_lists_the_update_with_old_and_new_values(personas, region_a, client_for, renamed):
    response = client_for(personas.admin_a, region_a).get(reverse("history:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pengguna Uji" in html  # who (the operator's full name)
    # Field labels and choice labels, old → new.
    assert "nama inovasi" in html
    assert "SEPEDA LAMA" in html and "SEPEDA BARU" in html
    assert "Penerapan" in html and "Uji coba" in html
    assert "→" in html
    # Both downloads are offered, the CSV with what it is made for.
    assert 'id="export-xlsx"' in html and 'id="export-csv"' in html
    assert "Excel berpengaturan Indonesia" in html


def test_history_filters(personas, region_a, client_for, renamed):
    other = make_innovation(region_a, personas.admin_a, personas.opd_a, name="POSYANDU")
    client = client_for(personas.verifier_a, region_a)
    html = client.get(reverse("history:list"), {"innovation": other.pk}).content.decode()
    assert "POSYANDU" in html and "SEPEDA LAMA" not in html
    html = client.get(
        reverse("history:list"), {"actor": personas.operator_a.pk, "subject": "innovation"}
    ).content.decode()
    assert "2 perubahan." in html  # the operator created and renamed SEPEDA; not POSYANDU
    assert "POSYANDU" not in html.split("<tbody>", 1)[1]
    # Malformed filters are ignored, not errors.
    assert client.get(reverse("history:list"), {"year": "abc", "page": "x"}).status_code == 200


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_export_csv_and_xlsx_contain_the_change(personas, region_a, client_for, renamed):
    client = client_for(personas.admin_a, region_a)
    response = client.get(reverse("history:export"), {"format": "csv", "innovation": renamed.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    csv_content = content(response)
    assert csv_content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(csv_content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Waktu (WIB)"
    updated = [row for row in rows if "SEPEDA LAMA → SEPEDA BARU" in row[-1]]
    assert len(updated) == 1
    assert "tahapan: Penerapan → Uji coba" in updated[0][-1]
    with tenant_context(region_a):
        at = innovation_changes(renamed.pk)[0].at
    # Readable Jakarta time, day first, as Excel with Indonesian settings reads it.
    assert {row[0] for row in rows[1:]} >= {f"{timezone.localtime(at):%d/%m/%Y %H:%M}"}
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", updated[0][0])

    response = client.get(reverse("history:export"), {"format": "xlsx", "innovation": renamed.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(content(response))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0]  # the same columns and rows as the CSV
    assert len(cells) == len(rows)
    assert any("SEPEDA LAMA → SEPEDA BARU" in (row[-1] or "") for row in cells[1:])
    assert all(isinstance(row[0], datetime) for row in cells[1:])  # a date cell, not text
    assert sheet.freeze_panes == "A2"


def test_exports_never_carry_formulas(personas, region_a, client_for):
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="=HYPERLINK(1)")
    client = client_for(personas.admin_a, region_a)
    text = content(client.get(reverse("history:export"))).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    sheet = load_workbook(
        io.BytesIO(content(client.get(reverse("history:export"), {"format": "xlsx"})))
    ).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    named = [cell for cell in cells if cell.value == "=HYPERLINK(1)"]
    assert named and all(cell.data_type == "s" and cell.quotePrefix for cell in named)
    assert not any(cell.data_type == "f" for cell in cells)


@pytest.mark.parametrize("persona", ["admin_a", "verifier_a", "leader_a"])
def test_readers_of_the_history(personas, region_a, client_for, persona):
    client = client_for(getattr(personas, persona), region_a)
    assert client.get(reverse("history:list")).status_code == 200
    assert client.get(reverse("history:export")).status_code == 200


@pytest.mark.parametrize("persona", ["operator_a", "admin_b", "outsider"])
def test_others_get_403(personas, region_a, client_for, persona):
    client = client_for(getattr(personas, persona), region_a)
    assert client.get(reverse("history:list")).status_code == 403
    assert client.get(reverse("history:export"), {"format": "xlsx"}).status_code == 403


def test_innovation_history_partial_and_selector(personas, region_a, renamed):
    from django.template.loader import render_to_string

    with tenant_context(region_a):
        changes = innovation_changes(renamed.pk, limit=1)
        html = render_to_string(
            "history/_innovation_history.html",
            {"changes": changes, "history_innovation_id": renamed.pk},
        )
    assert [change.action for change in changes] == ["updated"]  # the newest first
    assert "SEPEDA LAMA" in html and "SEPEDA BARU" in html
    assert f"?innovation={renamed.pk}" in html
