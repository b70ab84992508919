"""The change history: who changed what and when, readable and exportable by admins, verifiers
and leaders; not by OPD operators or other regions."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
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


def test_export_csv_and_xlsx_contain_the_change(personas, region_a, client_for, renamed):
    client = client_for(personas.admin_a, region_a)
    response = client.get(reverse("history:export"), {"format": "csv", "innovation": renamed.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Waktu"
    updated = [row for row in rows if "SEPEDA LAMA → SEPEDA BARU" in row[-1]]
    assert len(updated) == 1
    assert "tahapan: Penerapan → Uji coba" in updated[0][-1]

    response = client.get(reverse("history:export"), {"format": "xlsx", "innovation": renamed.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "Waktu"
    assert any("SEPEDA LAMA → SEPEDA BARU" in (row[-1] or "") for row in cells[1:])


def test_exports_never_carry_formulas(personas, region_a, client_for):
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="=HYPERLINK(1)")
    client = client_for(personas.admin_a, region_a)
    text = client.get(reverse("history:export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("history:export"), {"format": "xlsx"}).content)
    ).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


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
