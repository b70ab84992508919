"""The readiness ("siap kirim") screen: each gap with its stake, the region total, filters, and
OPD operators narrowed to their own OPD's innovations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import number_format
from django_tenants.utils import tenant_context

from rubric.years import current_year
from tenants.scoring.compute import region_score
from tenants.scoring.readiness import readiness
from tests.conftest import make_opd
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation


@pytest.fixture
def innovations(personas, region_a):
    """Dinkes: SEPEDA BARU with SID-16 answered at level 3 and evidence not yet verified;
    Disdik: SEKOLAH RAMAH with nothing answered."""
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    own = make_innovation(region_a, personas.operator_a, personas.opd_a, name="SEPEDA BARU")
    answer_with_pdf(region_a, personas.operator_a, current_report(region_a, own), "SID-16", 3)
    other = make_innovation(
        region_a, personas.admin_a, disdik, name="SEKOLAH RAMAH", affair="pendidikan"
    )
    return {"own": own, "other": other, "disdik": disdik}


def test_readiness_shows_each_gap_with_its_stake_and_the_region_total(
    personas, region_a, client_for, innovations
):
    with tenant_context(region_a):
        score = region_score(current_year())
        ready = readiness(score)
    floor = score.rubric.params.sid_divisor_floor
    # Weight 3 x level 3 = 9 points, over MAX(floor, n) innovations, of a 250-point maximum.
    unverified = (Decimal(9) / floor / 250 * 100).quantize(Decimal("0.01"))
    assert unverified == Decimal("0.30")

    response = client_for(personas.admin_a, region_a).get(reverse("dashboard:readiness"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "SID-16" in html and "bukti dukung belum diverifikasi" in html
    assert "+0,30 poin indeks" in html  # the Indonesian decimal comma
    # Unanswered indicators are worth at most their top level: "hingga".
    assert "hingga +" in html
    # The headline: index now, potential, and the region total to gain.
    assert number_format(ready.index, 2) in html
    assert number_format(ready.potential_index, 2) in html
    assert f"+{number_format(ready.gain, 2)}" in html
    assert ready.gain > 0
    # The region-level gaps: SPD indicators and the basic-service gate of the count score.
    assert "SPD-01" in html
    assert "urusan pelayanan dasar" in html
    # Both innovations, with links to their pages.
    assert reverse("innovations:detail", args=[innovations["own"].pk]) in html
    assert reverse("innovations:detail", args=[innovations["other"].pk]) in html


def test_readiness_filters_by_gap_kind_and_opd_with_htmx(
    personas, region_a, client_for, innovations
):
    client = client_for(personas.admin_a, region_a)
    response = client.get(
        reverse("dashboard:readiness"),
        {"kind": "evidence_unverified", "opd": innovations["own"].opd_id},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # only the partial
    assert "SEPEDA BARU" in html and "SEKOLAH RAMAH" not in html
    assert "1 kekurangan ditampilkan" in html
    assert "SPD-01" not in html  # unanswered region indicators are another kind

    response = client.get(reverse("dashboard:readiness"), {"opd": innovations["disdik"].pk})
    html = response.content.decode()
    assert "SEKOLAH RAMAH" in html
    assert reverse("innovations:detail", args=[innovations["own"].pk]) not in html


def test_operator_sees_only_their_opds_innovations_but_the_region_totals(
    personas, region_a, client_for, innovations
):
    with tenant_context(region_a):
        ready = readiness(region_score(current_year()))
    client = client_for(personas.operator_a, region_a)
    # Even when asking for another OPD.
    for params in ({}, {"opd": innovations["disdik"].pk}):
        html = client.get(reverse("dashboard:readiness"), params).content.decode()
        assert "SEPEDA BARU" in html
        assert "SEKOLAH RAMAH" not in html
        assert reverse("innovations:detail", args=[innovations["other"].pk]) not in html
        assert number_format(ready.potential_index, 2) in html  # region totals
    dashboard = client.get(reverse("dashboard:index")).content.decode()
    assert "SEKOLAH RAMAH" not in dashboard


def test_unknown_year_falls_back_to_the_current_one(personas, region_a, client_for):
    response = client_for(personas.admin_a, region_a).get(
        reverse("dashboard:readiness"), {"year": "1990"}
    )
    assert response.status_code == 200
    assert f'value="{current_year()}" selected' in response.content.decode()
