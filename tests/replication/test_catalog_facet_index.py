"""The facet index kept current change by change (issue #19): after inserts, updates and
deletes it holds exactly what a fresh load holds, and catalog writers of different entries
never wait on each other."""

from __future__ import annotations

from django.db import connection, transaction

from regions.selectors import region_by_slug
from replication.catalog import facet_index
from replication.catalog.models import CatalogEntry
from replication.catalog.selectors import catalog_search
from tests.conftest import REGION_A, REGION_B, assert_test_database
from tests.live import open_elsewhere
from tests.replication.test_catalog_search import raw_entries


def _as_ids(index: facet_index.FacetIndex) -> dict:
    """What an index holds, by entry id (positions differ between an updated and a fresh
    index)."""

    def ids_of(bits: int) -> frozenset[int]:
        return frozenset(index.ids[p] for p in index.positions(bits & index.everything))

    return {
        "all": ids_of(index.everything),
        "facets": {
            facet: {value: ids_of(bits) for value, bits in values.items() if ids_of(bits)}
            for facet, values in index.masks.items()
        },
        "by_score": [index.ids[p] for p in index.orders["score"] if index.everything >> p & 1],
    }


def test_an_index_kept_current_holds_what_a_fresh_load_holds(db, region_a, region_b):
    first = raw_entries(region_a, [(f"Posyandu {n}", "Balita sehat.") for n in range(5)])
    catalog_search("posyandu")  # loaded, with the term cached
    loaded = facet_index._loaded

    raw_entries(region_b, [("Posyandu Laut", "Balita pulau.")], score=99)  # added
    CatalogEntry.objects.filter(pk=first[0].pk).update(affair="pendidikan", score=1)  # moved
    CatalogEntry.objects.filter(pk=first[1].pk).update(is_digital=True, replica_count=3)
    CatalogEntry.objects.filter(pk=first[2].pk).delete()  # gone
    results = catalog_search("posyandu")

    kept = facet_index._loaded
    assert kept is not loaded and kept.version != loaded.version
    assert _as_ids(kept) == _as_ids(facet_index._load())
    # The term cached before the changes was patched, not dropped.
    assert results.total == 5 and results.hits[0].entry.name == "Posyandu Laut"
    assert names_by_score() == [entry.name for entry in CatalogEntry.objects.order_by(
        "-score", "name", "id")]  # fmt: skip


def names_by_score() -> list[str]:
    return [hit.entry.name for hit in catalog_search(sort="score", page_size=100).hits]


def test_a_change_seen_from_inside_a_rolled_back_transaction_is_forgotten(db, region_a):
    [entry] = raw_entries(region_a, [("Ambulans Desa", "Antar pasien.")])
    before = catalog_search(filters={"digital": ["true"]}).total
    try:
        with transaction.atomic():
            CatalogEntry.objects.filter(pk=entry.pk).update(is_digital=True)
            assert catalog_search(filters={"digital": ["true"]}).total == before + 1
            raise RuntimeError
    except RuntimeError:
        pass
    assert catalog_search(filters={"digital": ["true"]}).total == before


def test_writers_of_different_entries_never_wait_on_each_other(django_db_setup, django_db_blocker):
    """Two transactions update different entries at the same time: the second does not wait
    for the first to commit (before, both bumped one version row and the second waited)."""
    with django_db_blocker.unblock():
        assert_test_database()
        ours = raw_entries(region_by_slug(REGION_A), [("Tulis A", "a.")])[0]
        theirs = raw_entries(region_by_slug(REGION_B), [("Tulis B", "b.")])[0]
        with (
            open_elsewhere(lambda: CatalogEntry.objects.filter(pk=theirs.pk).update(score=7)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            # Waiting on a lock would fail here instead of hanging.
            cursor.execute("SET LOCAL lock_timeout = '1s'")
            CatalogEntry.objects.filter(pk=ours.pk).update(score=8)
        assert catalog_search(filters={"region": ["63.03"]}).total >= 1
        CatalogEntry.objects.filter(pk__in=[ours.pk, theirs.pk]).delete()


def test_old_changes_are_pruned_once_every_reader_is_past_them(db, region_a):
    [entry] = raw_entries(region_a, [("Bank Sampah", "Tabungan sampah.")])
    count = "SELECT count(*) FROM catalog_change WHERE entry_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(count, [entry.pk])
        recorded = cursor.fetchone()[0]
        cursor.execute("UPDATE catalog_change SET changed_at = now() - interval '2 hours'")
        facet_index.prune_changes()
        # This transaction is still running: a reader may not have seen its changes yet.
        cursor.execute(count, [entry.pk])
        assert recorded > 0 and cursor.fetchone()[0] == recorded
