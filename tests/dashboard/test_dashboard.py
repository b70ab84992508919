"""The region dashboard: counts by stage, bentuk, status and OPD; the estimated index; who may
open it; and a query count that does not grow with the number of innovations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from rubric.years import current_year
from tenants.assessment.workflow import fire
from tenants.dashboard.selectors import region_dashboard
from tests.conftest import make_opd
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation


@pytest.fixture
def small_region(personas, region_a):
    """Dinkes: one submitted innovation (penerapan, pelayanan publik) and one draft with a short
    rancang bangun (uji coba, tata kelola); Disdik: one draft (inisiatif, pelayanan publik)."""
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    submitted = make_innovation(region_a, personas.operator_a, personas.opd_a, name="SEPEDA BARU")
    answer_with_pdf(region_a, personas.operator_a, current_report(region_a, submitted), "SID-16", 3)
    fire(
        "submit",
        region=region_a,
        actor=personas.operator_a,
        report=current_report(region_a, submitted),
    )
    short = make_innovation(
        region_a,
        personas.operator_a,
        personas.opd_a,
        name="POSYANDU DIGITAL",
        stage="trial",
        form="governance",
        trial_started_on=__import__("datetime").date(2025, 1, 1),
        implemented_on=None,
        design="Terlalu pendek.",
    )
    make_innovation(
        region_a,
        personas.admin_a,
        disdik,
        name="SEKOLAH RAMAH",
        stage="initiative",
        affair="pendidikan",
        implemented_on=None,
    )
    return {"disdik": disdik, "submitted": submitted, "short": short}


def counts(bars) -> dict[str, int]:
    return {bar.key: bar.count for bar in bars}


def test_dashboard_counts_by_stage_form_status_and_opd(personas, region_a, small_region):
    with tenant_context(region_a):
        dashboard = region_dashboard(user=personas.admin_a, region=region_a, year=current_year())
    assert dashboard.total == 3
    assert counts(dashboard.by_stage) == {"initiative": 1, "trial": 1, "implementation": 1}
    assert counts(dashboard.by_form) == {
        "governance": 1,
        "public_service": 2,
        "other_affair": 0,
    }
    assert counts(dashboard.by_status) == {
        "draft": 2,
        "submitted": 1,
        "returned": 0,
        "verified": 0,
    }
    by_opd = {row.name: row for row in dashboard.by_opd}
    assert (by_opd["Dinas Kesehatan"].total, by_opd["Dinas Kesehatan"].submitted) == (2, 1)
    assert (by_opd["Dinas Pendidikan"].total, by_opd["Dinas Pendidikan"].draft) == (1, 1)
    # The longest bar fills the chart; the others are relative to it.
    assert {bar.key: bar.width for bar in dashboard.by_form}["public_service"] == 100
    assert {bar.key: bar.width for bar in dashboard.by_form}["governance"] == 50
    # Every OPD with innovations lacks answers or evidence; the worst one comes first.
    assert dashboard.evidence_gap_opds[0].count >= dashboard.evidence_gap_opds[-1].count
    assert {bar.label for bar in dashboard.evidence_gap_opds} == {"Dinkes", "Disdik"}


def test_dashboard_page_shows_index_counts_and_gaps(personas, region_a, client_for, small_region):
    response = client_for(personas.admin_a, region_a).get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perkiraan indeks" in html
    assert "Tidak Dapat Dinilai" in html  # nothing verified yet: index 0
    assert "Dinas Pendidikan" in html
    assert "OPD dengan bukti dukung paling banyak kurang" in html
    assert reverse("dashboard:readiness") in html
    # The five gaps worth most: here unanswered SPD indicators of the region.
    assert "SPD-12 Penghargaan bagi inovator belum dijawab" in html


def test_region_home_links_to_dashboard(personas, region_a, client_for, small_region):
    html = client_for(personas.verifier_a, region_a).get("/").content.decode()
    assert reverse("dashboard:index") in html
    assert reverse("dashboard:readiness") in html
    assert "poin indeks bila semua kekurangan ditutup" in html


def test_other_regions_admin_cannot_open_the_dashboard(personas, region_a, client_for):
    client = client_for(personas.admin_b, region_a)
    assert client.get(reverse("dashboard:index")).status_code == 403
    assert client.get(reverse("dashboard:readiness")).status_code == 403


def test_anonymous_is_sent_to_login(region_a, client_for):
    response = client_for(None, region_a).get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:index")).status_code == 200
        assert client.get(reverse("dashboard:readiness")).status_code == 200
    return len(queries)


def _add_innovations(region, personas, opd, start: int, stop: int) -> None:
    for number in range(start, stop):
        innovation = make_innovation(region, personas.admin_a, opd, name=f"INOVASI {number}")
        if number % 2:
            answer_with_pdf(
                region, personas.admin_a, current_report(region, innovation), "SID-16", 2
            )


def test_dashboard_queries_do_not_grow_with_innovations(personas, region_a, client_for):
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    client = client_for(personas.admin_a, region_a)
    _add_innovations(region_a, personas, personas.opd_a, 0, 2)
    _add_innovations(region_a, personas, disdik, 2, 3)
    # The first request of a session and process also settles once-only things (the schema's
    # migration state, whether the session owes a second factor): not what is measured here.
    _dashboard_queries(client)
    with_three = _dashboard_queries(client)
    _add_innovations(region_a, personas, personas.opd_a, 3, 12)
    _add_innovations(region_a, personas, disdik, 12, 20)
    with_twenty = _dashboard_queries(client)
    assert with_twenty == with_three


def test_a_home_without_innovations_says_so_instead_of_a_zero_index(personas, region_a, client_for):
    html = client_for(personas.admin_a, region_a).get("/").content.decode()
    assert "Belum ada inovasi yang dilaporkan" in html
    assert "poin indeks bila semua kekurangan ditutup" not in html
    assert "Tidak Dapat Dinilai" not in html


def test_a_provinsi_home_shows_its_kab_kota_not_its_own_empty_workspace(
    personas, province, client_for
):
    html = client_for(personas.province_viewer, province).get("/").content.decode()
    assert "kabupaten/kota aktif" in html
    assert "Perkiraan indeks" not in html and "Belum ada inovasi" not in html
