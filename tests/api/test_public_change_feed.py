"""The public site's change feed (issue #20, sync): an integrator keeping a copy of the catalog,
the regions, the index snapshots, the official results and the rubric follows `/changes/` with a
cursor, deletions included, and never sees what it may not list or what did not change."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from api.feeds import encode_cursor
from core.models import PublicChange
from rankings.models import IndexSnapshot, OfficialResult
from regions.models import Region, RegionKind
from rubric.models import PredicateBand
from tests.live import second_connection
from tests.replication.helpers import published_entry

FEED = "/api/v1/changes/"


@pytest.fixture(autouse=True)
def _settled_at_once(settings, db):
    settings.CHANGE_FEED_SETTLE_SECONDS = 0


def _read(client, cursor: str | None = None) -> tuple[list[tuple[str, str, str]], str]:
    """Every change from `cursor` on, as (collection, key, operation), and where to read on."""
    rows: list[tuple[str, str, str]] = []
    while True:
        query = {"page_size": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(FEED, query)
        assert response.status_code == 200, response.content
        page = response.json()
        rows += [(row["collection"], row["key"], row["operation"]) for row in page["results"]]
        cursor = page["next"]
        if not page["has_more"]:
            return rows, cursor


def _snapshot(region: Region, year: int = 2025) -> IndexSnapshot:
    zero = Decimal(0)
    return IndexSnapshot.objects.create(
        region=region, year=year, spd_score=zero, sid_score=zero, count_score=zero,
        index=Decimal("40.00"), predicate_code="inovatif", predicate_label="Inovatif",
        verified_index=Decimal("30.00"), computed_at=timezone.now(),
    )  # fmt: skip


def test_the_catalog_is_followed_from_publication_to_withdrawal(personas, region_a, api_for):
    from replication.catalog.models import CatalogEntry

    visitor = api_for(None)
    _, start = _read(visitor)
    cursor = start
    entry = published_entry(region_a, personas.admin_a, personas.opd_a, name="Sigap Ibu")
    key = str(entry.public_id)
    rows, cursor = _read(visitor, cursor)
    # Created, then the region's standing written on it; its snapshot is another collection.
    assert [row for row in rows if row[0] == "catalog"] == [
        ("catalog", key, "created"),
        ("catalog", key, "updated"),
    ]
    assert ("rankings/snapshots", f"{region_a.code}:{entry.year}", "created") in rows
    first = visitor.get(FEED, {"cursor": start}).json()["results"][0]
    assert first["resource"] == f"/api/v1/catalog/{key}/"
    assert visitor.get(first["resource"]).status_code == 200

    # Only what a reader sees counts: the refresh time and the search vector alone are no change.
    CatalogEntry.objects.filter(pk=entry.pk).update(refreshed_at=timezone.now())
    assert _read(visitor, cursor)[0] == []
    CatalogEntry.objects.filter(pk=entry.pk).update(summary="Layanan ibu hamil, kini 24 jam")
    rows, cursor = _read(visitor, cursor)
    assert rows == [("catalog", key, "updated")]

    CatalogEntry.objects.filter(pk=entry.pk).delete()
    rows, cursor = _read(visitor, cursor)
    assert rows[-1] == ("catalog", key, "deleted")  # the tombstone: drop the copy
    assert _read(visitor, cursor)[0] == []


def test_regions_and_rubric_years_are_followed_for_what_the_api_shows(api_for):
    visitor = api_for(None)
    _, cursor = _read(visitor)
    region = Region.objects.get(slug="banjar")
    Region.objects.filter(pk=region.pk).update(require_admin_second_factor=True)  # not shown
    Region.objects.filter(pk=region.pk).update(name="Banjar (uji)")
    band = PredicateBand.objects.select_related("rubric").filter(rubric__year=2026).first()
    assert band is not None
    PredicateBand.objects.filter(pk=band.pk).update(label="Sangat Inovatif (uji)")
    rows, _ = _read(visitor, cursor)
    assert rows == [("regions", region.code, "updated"), ("rubric/years", "2026", "updated")]
    resources = [row["resource"] for row in visitor.get(FEED, {"cursor": cursor}).json()["results"]]
    assert resources == [f"/api/v1/regions/{region.code}/", "/api/v1/rubric/years/2026/"]


def test_a_snapshot_moving_only_the_unverified_estimate_is_shown_to_its_overseers_only(
    personas, region_a, api_for
):
    elsewhere = (
        Region.objects.filter(kind=RegionKind.KABUPATEN)
        .exclude(province_id=region_a.province_id)
        .first()
    )
    assert elsewhere is not None
    readers = {
        "visitor": api_for(None),
        "operator": api_for(personas.platform_admin),
        "province viewer": api_for(personas.province_viewer),
    }
    cursors = {who: _read(client)[1] for who, client in readers.items()}
    mine, theirs = _snapshot(region_a), _snapshot(elsewhere)
    IndexSnapshot.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        computed_at=timezone.now() + timedelta(minutes=1)  # recomputed, nothing moved
    )
    for snapshot in (mine, theirs):
        IndexSnapshot.objects.filter(pk=snapshot.pk).update(index=Decimal("45.00"))
    IndexSnapshot.objects.filter(pk=mine.pk).update(verified_index=Decimal("35.00"))

    created = [
        ("rankings/snapshots", f"{region_a.code}:2025", "created"),
        ("rankings/snapshots", f"{elsewhere.code}:2025", "created"),
    ]
    unverified = {
        region: ("rankings/snapshots", f"{region.code}:2025", "updated")
        for region in (region_a, elsewhere)
    }
    verified = ("rankings/snapshots", f"{region_a.code}:2025", "updated")
    seen = {who: _read(client, cursors[who])[0] for who, client in readers.items()}
    assert seen["visitor"] == [*created, verified]
    assert seen["operator"] == [*created, unverified[region_a], unverified[elsewhere], verified]
    assert seen["province viewer"] == [*created, unverified[region_a], verified]
    resource = readers["visitor"].get(FEED, {"cursor": cursors["visitor"]}).json()["results"][0]
    assert resource["resource"] == f"/api/v1/rankings/snapshots/?region={region_a.slug}&year=2025"
    rows = readers["visitor"].get(resource["resource"]).json()["results"]
    assert [(row["region"], row["verified_index"]) for row in rows] == [(region_a.code, "35.00")]


def test_official_results_are_followed_by_those_who_run_the_platform(personas, region_a, api_for):
    operator, visitor = api_for(personas.platform_admin), api_for(None)
    cursors = {"operator": _read(operator)[1], "visitor": _read(visitor)[1]}
    OfficialResult.objects.create(
        region=region_a, year=2024, index=Decimal("61.20"), predicate_code="sangat_inovatif",
        predicate_label="Sangat Inovatif", imported_at=timezone.now(), source="BSKDN 2024",
    )  # fmt: skip
    rows, _ = _read(operator, cursors["operator"])
    assert rows == [("official-results", f"{region_a.code}:2024", "created")]
    page = operator.get(FEED, {"cursor": cursors["operator"]}).json()
    assert page["results"][0]["resource"] == "/api/v1/official-results/2024/"
    assert operator.get(page["results"][0]["resource"]).status_code == 200
    assert _read(visitor, cursors["visitor"])[0] == []


def test_a_quiet_reader_moves_on_and_a_position_older_than_kept_must_read_again(api_for, settings):
    visitor = api_for(None)
    _, cursor = _read(visitor)
    again = visitor.get(FEED, {"cursor": cursor}).json()
    assert again["results"] == [] and again["next"] >= cursor  # the horizon, never behind

    old = encode_cursor(timezone.now() - timedelta(days=settings.PUBLIC_CHANGE_KEEP_DAYS + 1), 7)
    expired = visitor.get(FEED, {"cursor": old})
    assert expired.status_code == 410
    assert expired.json()["error"]["code"] == "cursor_expired"
    assert visitor.get(FEED, {"cursor": "0.0"}).status_code == 200  # the beginning always is

    from core.tasks import prune_public_changes

    Region.objects.filter(slug="banjar").update(name="Banjar (lama)")
    PublicChange.objects.update(
        at=timezone.now() - timedelta(days=settings.PUBLIC_CHANGE_KEEP_DAYS + 1)
    )
    assert prune_public_changes() >= 1
    assert not PublicChange.objects.exists()
    bad = visitor.get(FEED, {"cursor": "bukan-kursor", "page_size": 2})
    assert bad.status_code == 400 and "cursor" in bad.json()["error"]["fields"]


def test_a_change_committed_late_is_not_skipped_by_a_reader_who_read_meanwhile(api_for):
    """A transaction that began before a read and commits after it: its change is stamped with
    its start, so the reader's next position (the horizon then) must still be before it."""
    visitor = api_for(None)
    writer = second_connection()
    code = "63.07"  # Hulu Sungai Tengah: no test writes it
    try:
        writer.execute("UPDATE regions_region SET name = name || ' (uji)' WHERE code = %s", [code])
        _, cursor = _read(visitor)
        writer.commit()
        rows, _ = _read(visitor, cursor)
        assert rows == [("regions", code, "updated")]
    finally:
        writer.rollback()
        writer.execute(
            "UPDATE regions_region SET name = replace(name, ' (uji)', '') WHERE code = %s", [code]
        )
        writer.execute("DELETE FROM core_publicchange WHERE key = %s", [code])
        writer.commit()
        writer.close()
