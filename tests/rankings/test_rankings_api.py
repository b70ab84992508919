"""Rankings, trends and snapshots over the API: the same figures and the same privacy as the
pages, bad parameters refused with a clear 400, and documented in the OpenAPI schema."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.rankings.ranking_data import KALSEL, official, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    from rubric.years import current_year

    year = current_year()
    snapshot("banjar", year, "72.40", verified="61.00")
    snapshot("tanah-bumbu", year, "58.10", verified="55.50")
    official("banjar", year - 1, "60.00")
    official("banjar", year - 2, "52.00")
    return year


def test_ranking_endpoint_public_and_private(api_for, personas, figures):
    public = api_for(None).get(
        "/api/v1/rankings/", {"year": figures, "province": KALSEL, "level": "kabkota"}
    )
    assert public.status_code == 200
    body = public.json()
    assert body["private"] is False and body["basis"] == "estimasi"
    first = body["results"][0]
    assert (first["slug"], first["rank"], first["index"]) == ("banjar", 1, "61.00")
    assert first["evidence_completeness"] is None
    assert len(body["results"]) == body["scope_size"] == 13

    viewer = api_for(personas.province_viewer).get(
        "/api/v1/rankings/", {"year": figures, "province": KALSEL}
    )
    assert viewer.json()["private"] is True
    assert viewer.json()["results"][0]["index"] == "72.40"


def test_ranking_endpoint_orders_and_refuses_bad_parameters(api_for, figures):
    by_name = api_for(None).get(
        "/api/v1/rankings/", {"year": figures, "province": KALSEL, "ordering": "-nama"}
    )
    names = [row["name"] for row in by_name.json()["results"]]
    assert names == sorted(names, reverse=True)
    bad = api_for(None).get("/api/v1/rankings/", {"level": "desa", "ordering": "umur"})
    assert bad.status_code == 400
    assert {"level", "ordering"} <= set(bad.json()["error"]["fields"])
    missing = api_for(None).get("/api/v1/rankings/", {"province": "atlantis"})
    assert missing.status_code == 404


def test_trend_endpoint_for_a_region_and_a_province(api_for, figures):
    region = api_for(None).get("/api/v1/rankings/trends/", {"region": "banjar"}).json()
    assert [point["year"] for point in region["points"]] == [figures - 2, figures - 1, figures]
    assert region["points"][-1]["estimate"] == "61.00"
    assert region["points"][0]["official"] == "52.00"
    province = api_for(None).get("/api/v1/rankings/trends/", {"province": KALSEL}).json()
    assert province["points"][-1]["estimate"] == str(
        ((Decimal("61.00") + Decimal("55.50")) / 2).quantize(Decimal("0.01"))
    )


def test_snapshot_endpoint_hides_the_estimate_outside_the_overseeing_province(
    api_for, personas, figures
):
    public = api_for(None).get("/api/v1/rankings/snapshots/", {"region": "banjar"}).json()
    row = public["results"][0]
    assert row["index"] is None and row["by_status"] is None
    assert row["verified_index"] == "61.00"
    viewer = api_for(personas.province_viewer, token=True).get(
        "/api/v1/rankings/snapshots/", {"province": KALSEL, "year": figures}
    )
    rows = viewer.json()["results"]
    assert {item["region_slug"] for item in rows} == {"banjar", "tanah-bumbu"}
    assert all(item["private"] for item in rows)
    assert rows[0]["by_status"] == {"verified": 7, "draft": 5}


def test_rankings_are_in_the_openapi_schema(api_for, db):
    schema = api_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/rankings/", "/api/v1/rankings/trends/", "/api/v1/rankings/snapshots/"):
        assert path in schema["paths"]


def test_ranking_endpoint_pages_its_rows_keeping_each_regions_rank(api_for, figures):
    query = {"year": figures, "province": KALSEL, "ordering": "peringkat", "page_size": 5}
    first = api_for(None).get("/api/v1/rankings/", query).json()
    assert first["count"] == first["scope_size"] == 13
    assert len(first["results"]) == 5 and first["previous"] is None
    assert [row["rank"] for row in first["results"]] == [1, 2, None, None, None]
    following = urlsplit(first["next"])
    second = api_for(None).get(f"{following.path}?{following.query}").json()
    assert second["previous"] and len(second["results"]) == 5
    assert not {row["slug"] for row in first["results"]} & {
        row["slug"] for row in second["results"]
    }
    everything = api_for(None).get("/api/v1/rankings/", {**query, "page_size": 200}).json()
    slugs = [row["slug"] for row in everything["results"]]
    assert len(slugs) == len(set(slugs)) == 13 and everything["next"] is None
    too_big = api_for(None).get("/api/v1/rankings/", {**query, "page_size": 1000})
    assert too_big.status_code == 400 and "page_size" in too_big.json()["error"]["fields"]


def test_a_year_without_figures_is_404_naming_the_years_there_are(api_for, figures):
    missing = api_for(None).get("/api/v1/rankings/", {"year": 2031})
    assert missing.status_code == 404
    error = missing.json()["error"]
    assert error["code"] == "year_not_available" and str(figures) in error["message"]
    assert api_for(None).get("/api/v1/rankings/", {"year": figures - 1}).status_code == 200
