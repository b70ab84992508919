"""Reporting innovations for a new assessment year over the API (issue #20), as the innovation
page's "Laporkan" and the list's "Laporkan semua" do: answers start from the latest year, nothing
is carried twice, and only those the policy lets edit the innovation (or manage the region's
OPDs, for all at once) may."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from rubric.years import current_year
from tenants.assessment.models import Report
from tenants.assessment.services import report_for
from tests.conftest import make_member, make_opd
from tests.registry.helpers import answer_with_pdf, make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def last_years_innovation(region, personas, name: str = "Posyandu Keliling"):
    """An innovation reported (and answered) in 2023 only."""
    innovation = make_innovation(region, personas.operator_a, personas.opd_a, name=name)
    with tenant_context(region):
        Report.objects.filter(innovation=innovation).delete()
        old = report_for(innovation, 2023)
    answer_with_pdf(region, personas.operator_a, old, "SID-16", 3)
    return innovation


def years_of(region, innovation) -> list[int]:
    with tenant_context(region):
        return sorted(Report.objects.filter(innovation=innovation).values_list("year", flat=True))


def test_the_opd_operator_reports_their_innovation_for_the_new_year(personas, region_a, api_for):
    innovation = last_years_innovation(region_a, personas)
    operator = api_for(personas.operator_a, region_a, token=True)
    year = current_year()
    created = operator.post(f"/api/v1/innovations/{innovation.pk}/reports/", {"year": year})
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["year"] == year and report["status"] == "draft"
    assert [(a["indicator_code"], a["level"]) for a in report["answers"]] == [("SID-16", 3)]
    assert years_of(region_a, innovation) == [2023, year]
    again = operator.post(f"/api/v1/innovations/{innovation.pk}/reports/", {"year": year})
    assert again.status_code == 400
    assert years_of(region_a, innovation) == [2023, year]
    no_rubric = operator.post(f"/api/v1/innovations/{innovation.pk}/reports/", {"year": 2001})
    assert no_rubric.status_code == 400


def test_others_cannot_report_the_innovation(personas, region_a, region_b, api_for):
    innovation = last_years_innovation(region_a, personas)
    other_opd = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    people = {
        "operator of another OPD": make_member(
            region_a, "opd_operator", "operator-disdik@banjar.test", opd_id=other_opd.pk
        ),
        "verifier": personas.verifier_a,
        "leader": personas.leader_a,
        "admin of another region": personas.admin_b,
        "outsider": personas.outsider,
        "anonymous": None,
    }
    for who, user in people.items():
        client = api_for(user, region_a, token=user is not None)
        response = client.post(
            f"/api/v1/innovations/{innovation.pk}/reports/", {"year": current_year()}
        )
        assert response.status_code in (401, 403, 404), (who, response.status_code)
        bulk = client.post("/api/v1/reports/carry-over/", {"year": current_year()})
        assert bulk.status_code in (401, 403), (who, bulk.status_code)
    assert years_of(region_a, innovation) == [2023]


def test_a_region_admin_reports_every_innovation_at_once(personas, region_a, api_for):
    innovations = [last_years_innovation(region_a, personas, f"Inovasi {n}") for n in range(2)]
    admin = api_for(personas.admin_a, region_a, token=True)
    year = current_year()
    carried = admin.post("/api/v1/reports/carry-over/", {"year": year})
    assert carried.status_code == 200 and carried.json() == {"year": year, "carried": 2}
    assert all(years_of(region_a, innovation) == [2023, year] for innovation in innovations)
    again = admin.post("/api/v1/reports/carry-over/", {"year": year})
    assert again.json() == {"year": year, "carried": 0}
    operator = api_for(personas.operator_a, region_a, token=True)
    assert operator.post("/api/v1/reports/carry-over/", {"year": year}).status_code == 403
