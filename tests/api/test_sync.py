"""Keeping a copy in sync through the API (issue #20): strict ordering, `updated_since` on
lists, conditional reads (ETag, Last-Modified, 304) and the change feed read on with a cursor,
deletions included, never skipping a change that committed late."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.history.models import Change
from tenants.organization.models import OpdUnit
from tests.live import second_connection
from tests.registry.helpers import make_innovation

pytestmark = pytest.mark.django_db


def test_an_unknown_ordering_is_refused_naming_the_allowed_ones(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    bogus = admin.get("/api/v1/innovations/", {"ordering": "bogus"})
    assert bogus.status_code == 400
    assert "bogus" in bogus.json()["error"]["fields"]["ordering"][0]
    # Read as every other value outside a list of choices (tests/api/test_choice_errors.py).
    assert bogus.json()["error"]["field_codes"] == {"ordering": ["invalid_choice"]}
    assert bogus.json()["error"]["fields"]["ordering"][0].startswith(
        '"bogus" bukan salah satu pilihan: '
    )
    assert admin.get("/api/v1/opd-units/", {"ordering": "-name"}).status_code == 200


def test_updated_since_returns_what_changed_oldest_first(personas, region_a, api_for, settings):
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    admin = api_for(personas.admin_a, region_a)
    for name in ("Dinas Perikanan", "Dinas Pariwisata"):
        assert admin.post("/api/v1/opd-units/", {"name": name}).status_code == 201
    long_ago = timezone.now() - timedelta(days=30)
    with tenant_context(region_a):
        OpdUnit.objects.exclude(name="Dinas Pariwisata").update(updated_at=long_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = admin.get("/api/v1/opd-units/", {"updated_since": since}).json()["results"]
    assert [row["name"] for row in recent] == ["Dinas Pariwisata"]
    everything = admin.get("/api/v1/opd-units/", {"updated_since": "2020-01-01"}).json()
    moments = [row["updated_at"] for row in everything["results"]]
    assert len(moments) == everything["count"] >= 3 and moments == sorted(moments)
    wrong = admin.get("/api/v1/opd-units/", {"updated_since": "kemarin"})
    assert wrong.status_code == 400 and "updated_since" in wrong.json()["error"]["fields"]


def test_reads_are_conditional(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    listing = admin.get("/api/v1/opd-units/")
    etag = listing["ETag"]
    assert etag and not listing.has_header("Last-Modified")  # a list: the ETag dates deletions
    unchanged = admin.get("/api/v1/opd-units/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""

    opd = personas.opd_a.pk
    detail = admin.get(f"/api/v1/opd-units/{opd}/")
    modified = detail["Last-Modified"]
    assert (
        admin.get(f"/api/v1/opd-units/{opd}/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    )
    assert admin.patch(f"/api/v1/opd-units/{opd}/", {"head_name": "dr. Rina"}).status_code == 200
    changed = admin.get("/api/v1/opd-units/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def _read_feed(client, *, page_size: int = 2) -> tuple[list[dict], str]:
    rows, cursor = [], None
    while True:
        query = {"page_size": page_size} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/history/feed/", query).json()
        rows += page["results"]
        cursor = page["next"]
        if not page["has_more"]:
            return rows, cursor


def test_the_change_feed_reads_on_from_a_cursor_and_shows_deletions(
    personas, region_a, api_for, settings
):
    from tenants.innovations.services import innovation_delete

    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    admin = api_for(personas.admin_a, region_a)
    first = make_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Satu")
    first_id = first.pk
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Dua")
    rows, cursor = _read_feed(admin)
    assert [row["innovation_name"] for row in rows] == ["Inovasi Satu", "Inovasi Dua"]

    with tenant_context(region_a):
        report_id = first.reports.get().pk
    innovation_delete(region=region_a, actor=personas.admin_a, innovation=first)
    later = admin.get("/api/v1/history/feed/", {"cursor": cursor}).json()
    # Its draft report went with it: a tombstone for each.
    assert [(row["subject"], row["operation"], row["subject_id"]) for row in later["results"]] == [
        ("innovation", "deleted", first_id),
        ("report", "deleted", report_id),
    ]
    nothing_new = admin.get("/api/v1/history/feed/", {"cursor": later["next"]}).json()
    assert nothing_new["results"] == [] and nothing_new["next"] == later["next"]
    bad = admin.get("/api/v1/history/feed/", {"cursor": "bukan-kursor"})
    assert bad.status_code == 400 and "cursor" in bad.json()["error"]["fields"]
    # Only who may read the history reads the feed.
    assert api_for(personas.operator_a, region_a).get("/api/v1/history/feed/").status_code == 403


def test_a_change_waits_in_the_feed_until_older_transactions_have_ended(
    personas, region_a, api_for, settings
):
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    admin = api_for(personas.admin_a, region_a)
    other = second_connection()
    try:
        other.execute("SELECT 1")  # a transaction that started before the change, still open
        make_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Baru")
        assert admin.get("/api/v1/history/feed/").json()["results"] == []
        other.rollback()
        shown = admin.get("/api/v1/history/feed/").json()["results"]
        assert [row["innovation_name"] for row in shown] == ["Inovasi Baru"]
    finally:
        other.close()
    with tenant_context(region_a):
        assert Change.objects.count() == 1


def test_updated_since_holds_back_what_an_older_open_transaction_could_still_stamp_earlier(
    personas, region_a, api_for, settings
):
    """A client that asks again from the newest `updated_at` it holds must not skip a row stamped
    before it that commits later: rows stamped after the oldest open transaction began wait."""
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    admin = api_for(personas.admin_a, region_a)
    other = second_connection()
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    try:
        other.execute("SELECT 1")  # a transaction that could still commit an earlier stamp
        assert admin.post("/api/v1/opd-units/", {"name": "Dinas Perikanan"}).status_code == 201
        waiting = admin.get("/api/v1/opd-units/", {"updated_since": since}).json()["results"]
        assert "Dinas Perikanan" not in [row["name"] for row in waiting]
        other.rollback()
        shown = admin.get("/api/v1/opd-units/", {"updated_since": since}).json()["results"]
        assert "Dinas Perikanan" in [row["name"] for row in shown]
    finally:
        other.close()
