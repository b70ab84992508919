"""The reporting API: the table, the target, reminders and the trend, with the page's rules."""

from __future__ import annotations

from tests.reporting.helpers import innovation_with_report


def test_reporting_api_reads_and_writes_with_the_pages_rules(personas, region_a, api_for):
    from rubric.years import current_year

    year = current_year()
    innovation_with_report(region_a, personas.opd_a, "Sehat Jiwa", year=year, status="submitted")
    admin = api_for(personas.admin_a, region_a)
    body = admin.get("/api/v1/reporting/", {"year": year}).json()
    row = next(item for item in body["opds"] if item["opd_id"] == personas.opd_a.pk)
    assert (row["status"], row["reported"], row["verified"]) == ("only_unverified", 1, 0)
    assert body["target"]["is_default"] is True

    changed = admin.put(
        f"/api/v1/reporting/targets/{year}/",
        {"min_innovations_per_opd": 2, "note": "Rakor"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["is_default"] is False
    result = admin.post("/api/v1/reporting/reminders/", {"year": year}, format="json").json()
    assert result["opds"] == 1 and result["people"] == 1
    trend = admin.get("/api/v1/reporting/trend/").json()
    assert {"year": year, "innovations": 1, "verified": 0, "opds": 1} in trend

    operator = api_for(personas.operator_a, region_a)
    assert operator.get("/api/v1/reporting/").status_code == 403
    assert (
        operator.post("/api/v1/reporting/reminders/", {"year": year}, format="json").status_code
        == 403
    )
    assert (
        api_for(personas.leader_a, region_a)
        .put(f"/api/v1/reporting/targets/{year}/", {"min_innovations_per_opd": 3}, format="json")
        .status_code
        == 403
    )
    assert api_for(personas.admin_b, region_a).get("/api/v1/reporting/").status_code == 403
