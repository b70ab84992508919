"""Replication suggestions: catalog innovations that close the region's scoring gaps."""

from __future__ import annotations

import math

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from replication.network.suggestions import (
    BASIC_SERVICE,
    NO_INNOVATION,
    rank_value,
    suggestions_for,
)
from tests.conftest import make_member, make_opd
from tests.registry.helpers import make_innovation
from tests.replication.network_data import entry, region, request


@pytest.fixture
def others(db):
    return {slug: region(slug) for slug in ("banjar", "mandailing-natal", "karo")}


@pytest.fixture
def tanah_bumbu(region_b):
    """Tanah Bumbu has an eligible health innovation (one of the five basic services the count
    score requires) and an agriculture one."""
    opd = make_opd(region_b, "Dinas Kesehatan")
    make_innovation(region_b, None, opd, name="POSYANDU PESISIR", affair="kesehatan")
    make_innovation(region_b, None, opd, name="KEBUN GIZI", affair="pertanian")
    return region_b


@pytest.fixture
def catalog(others, tanah_bumbu):
    banjar, madina, karo = others["banjar"], others["mandailing-natal"], others["karo"]
    c = {
        "pendidikan_best": entry(
            banjar, "SAPA SEKOLAH", affair="pendidikan", score="80", completeness="0.90", replicas=2
        ),
        "pendidikan_next": entry(
            madina, "GEMAR LITERASI", affair="pendidikan", score="50", completeness="0.50"
        ),
        "sosial": entry(
            karo, "LAYANAN SOSIAL KARO", affair="sosial", score="40", completeness="0.40"
        ),
        "sosial_declined": entry(
            madina, "SI PELITA", affair="sosial", score="60", completeness="0.60"
        ),
        "sosial_asked": entry(banjar, "LAYAN SATU", affair="sosial", score="95", completeness="1"),
        "tourism": entry(
            banjar, "WISATA AIR", affair="pariwisata", score="90", completeness="1", replicas=5
        ),
        # Never suggested:
        "covered": entry(banjar, "POSYANDU REMAJA", affair="kesehatan", score="99"),
        "own_affair": entry(banjar, "KEBUN DESA", affair="pertanian", score="99"),
        "own_entry": entry(tanah_bumbu, "SEKOLAH ALAM PESISIR", affair="pendidikan", score="99"),
        "replica_of_own": entry(
            banjar,
            "PERTASA BANJAR",
            affair="penanaman-modal",
            score="99",
            origin_region_code=tanah_bumbu.code,
        ),
        "credited": entry(karo, "KARO SATU DATA", affair="statistik", score="99"),
    }
    request(tanah_bumbu, banjar, "submitted", of=c["sosial_asked"])
    request(tanah_bumbu, madina, "declined", of=c["sosial_declined"])
    request(tanah_bumbu, karo, "completed", of=c["credited"])
    return c


def names(suggestions) -> list[str]:
    return [item.entry.name for item in suggestions]


def test_uncovered_basic_services_come_first_spread_over_affairs_then_missing_affairs(
    catalog, tanah_bumbu
):
    result = suggestions_for(tanah_bumbu)
    assert (result.gate, result.basic_covered, result.gate_met) == (5, 1, False)
    assert names(result) == [
        "SAPA SEKOLAH",  # best of pendidikan
        "SI PELITA",  # best of sosial (its earlier request was declined: may ask again)
        "GEMAR LITERASI",  # second of pendidikan
        "LAYANAN SOSIAL KARO",
        "WISATA AIR",  # an affair without any innovation of the region
    ]
    assert [item.group for item in result] == [BASIC_SERVICE] * 4 + [NO_INNOVATION]
    assert result[0].group_label == "memenuhi syarat skor jumlah inovasi"
    assert "Pendidikan" in result[0].reason
    assert names(suggestions_for(tanah_bumbu, limit=2)) == ["SAPA SEKOLAH", "SI PELITA"]


def test_the_rank_is_the_documented_weighted_formula(catalog, tanah_bumbu):
    for item in suggestions_for(tanah_bumbu):
        entry = item.entry
        expected = rank_value(
            entry.score, entry.max_score, entry.evidence_completeness, entry.replica_count
        )
        assert math.isclose(item.rank, expected, abs_tol=1e-9)
    # 0.5 x 80/100 + 0.3 x 0.9 + 0.2 x 2/3
    assert math.isclose(rank_value(80, 100, 0.9, 2), 0.4 + 0.27 + 0.2 * 2 / 3)
    assert rank_value(10, 0, 0, 9) == pytest.approx(0.2)  # no max score; replicas capped at 3


def test_a_region_that_meets_the_gate_gets_affairs_without_innovations(others, region_b):
    opd = make_opd(region_b, "Dinas Kesehatan")
    for number, affair in enumerate(
        (
            "kesehatan",
            "pendidikan",
            "pekerjaan-umum-penataan-ruang",
            "perumahan-rakyat-kawasan-permukiman",
            "ketenteraman-ketertiban-umum-perlindungan-masyarakat",
        )
    ):
        make_innovation(region_b, None, opd, name=f"INOVASI {number}", affair=affair)
    entry(others["banjar"], "LAYAN SATU", affair="sosial", score="70")
    entry(others["banjar"], "SAPA SEKOLAH", affair="pendidikan", score="99")
    result = suggestions_for(region_b)
    assert result.gate_met
    assert [(item.entry.name, item.group) for item in result] == [("LAYAN SATU", NO_INNOVATION)]


def _create_url(entry) -> str | None:
    try:
        return reverse("requests:create", args=[entry.public_id])
    except NoReverseMatch:
        return None


def test_the_dashboard_lists_them_with_the_request_button_only_for_admins(
    catalog, tanah_bumbu, personas, client_for
):
    admin = client_for(personas.admin_b, tanah_bumbu)
    dashboard = admin.get(reverse("dashboard:index")).content.decode()
    # The dashboard loads the section from the replication side (htmx).
    assert f'hx-get="{reverse("network:suggestions")}"' in dashboard
    admin_html = admin.get(reverse("network:suggestions"))
    assert admin_html.status_code == 200
    html = admin_html.content.decode()
    assert "Saran replikasi" in html
    assert html.index("SAPA SEKOLAH") < html.index("WISATA AIR")
    assert "LAYAN SATU" not in html and "POSYANDU REMAJA" not in html
    create_url = _create_url(catalog["pendidikan_best"])
    assert create_url is not None, "requests:create is not mounted yet"
    assert create_url in html and "Ajukan replikasi" in html

    leader = make_member(tanah_bumbu, Role.LEADER, "bupati@tanahbumbu.test")
    html = client_for(leader, tanah_bumbu).get(reverse("network:suggestions")).content.decode()
    assert "SAPA SEKOLAH" in html
    assert "Ajukan replikasi" not in html and create_url not in html


def test_the_api_gives_the_same_list(catalog, tanah_bumbu, personas, api_for):
    response = api_for(personas.admin_b, tanah_bumbu).get("/api/v1/replication/suggestions/")
    assert response.status_code == 200
    body = response.json()
    assert (body["basic_service_gate"], body["basic_services_covered"]) == (5, 1)
    assert body["may_request"] is True
    assert [item["name"] for item in body["suggestions"]][:2] == ["SAPA SEKOLAH", "SI PELITA"]
    assert body["suggestions"][0]["group"] == BASIC_SERVICE
    assert body["suggestions"][0]["public_id"] == str(catalog["pendidikan_best"].public_id)
    assert api_for(None, tanah_bumbu).get("/api/v1/replication/suggestions/").status_code in (
        401,
        403,
    )
    # Another region's admin cannot read Tanah Bumbu's suggestions.
    assert (
        api_for(personas.admin_a, tanah_bumbu).get("/api/v1/replication/suggestions/").status_code
        == 403
    )
