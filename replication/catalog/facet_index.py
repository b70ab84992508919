"""The catalog's facet columns, held in memory as bitsets: materialised facet counts.

Counting facets in SQL means grouping every matching row once per facet; over tens of thousands
of entries that costs 50 to 150 ms per search (measured in bench/catalog.py). Here each facet value
owns a bitset of the entries that have it (a Python int, bit i = the entry at position i), so a
facet count is an AND and a popcount over a few kilobytes, whatever the filters.

The index is exact, never stale: every search first reads the catalog's version number
(bumped by database triggers in the same transaction as any change to an entry, see migration
0002) and reloads the index when it moved. The version is read before the rows, so an index
is never labelled newer than the data it holds."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection

from replication.catalog.models import CatalogEntry

NO_PREDICATE = "belum-dinilai"
FACET_NAMES = (
    "province",
    "region",
    "affair",
    "form",
    "digital",
    "stage",
    "predicate",
    "replicated",
)
BOOLEAN_FACETS = ("digital", "replicated")


@dataclass(frozen=True)
class FacetIndex:
    version: int
    ids: tuple[int, ...]  # position -> entry id
    position: dict[int, int]  # entry id -> position
    everything: int  # bitset of all entries
    masks: dict[str, dict[str, int]]  # facet -> value -> bitset
    labels: dict[str, dict[str, str]]  # facet -> value -> label
    orders: dict[str, tuple[int, ...]]  # "score" / "replicas" / "newest" -> positions in order
    places: dict[str, tuple[int, ...]]  # the same orders inverted: position -> place
    # tsquery of a search term -> (entries matching it, entries whose name does), None for
    # only stop words; filled by searches (replication.catalog.selectors), it lives as long as
    # this version of the index.
    term_matches: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    # Also per version: a typed word -> the catalog word it is corrected to (None: kept), and
    # (ranking tsquery, phrase) -> entry id -> relevance already computed.
    word_fixes: dict[str, str | None] = field(default_factory=dict)
    ranks: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)
    # (orders and places are filled lazily, see order(); the dicts themselves never change
    # identity, so the frozen dataclass stays shareable)

    @property
    def score_rank(self) -> tuple[int, ...]:
        return self.places["score"]

    @property
    def size(self) -> int:
        return len(self.ids)

    def bitset(self, ids) -> int:
        """The bitset of the given entry ids (ids unknown to the index are ignored)."""
        flags = bytearray((len(self.ids) + 7) // 8)
        position = self.position
        for entry_id in ids:
            index = position.get(entry_id)
            if index is not None:
                flags[index >> 3] |= 1 << (index & 7)
        return int.from_bytes(flags, "little")

    def order(self, name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Positions in the named order, and the inverse (position -> place). The default (score)
        order comes with the index; the others are read the first time they are asked for."""
        if name not in self.orders:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT array_agg(id ORDER BY {ORDER_SQL[name]}) "  # noqa: S608
                    f"FROM {CatalogEntry._meta.db_table}"
                )
                ordered_ids = cursor.fetchone()[0] or []
            position = self.position
            ordered = [position[entry_id] for entry_id in ordered_ids if entry_id in position]
            if len(ordered) < self.size:  # deleted since the index: keep them listable
                listed = set(ordered)
                ordered += [index for index in range(self.size) if index not in listed]
            # Snapshots are shared between threads; computing an order twice is harmless.
            self.places[name] = _places(ordered)
            self.orders[name] = tuple(ordered)
        return self.orders[name], self.places[name]

    def in_order(self, bitset: int, order: str, start: int, stop: int) -> list[int]:
        """Positions of `bitset` members in the named order, from the start-th to before the
        stop-th. A small set is sorted directly; a large one is walked in the order."""
        if stop <= start or not bitset:
            return []
        count = bitset.bit_count()
        ordered, places = self.order(order)
        if count * 16 < self.size:
            return sorted(self.positions(bitset), key=places.__getitem__)[start:stop]
        flags = bitset.to_bytes((self.size + 7) // 8, "little")
        found: list[int] = []
        seen = 0
        for index in ordered:
            if flags[index >> 3] >> (index & 7) & 1:
                if seen >= start:
                    found.append(index)
                    if len(found) >= stop - start:
                        break
                seen += 1
        return found

    def positions(self, bitset: int) -> list[int]:
        """The members of a bitset, by position."""
        found: list[int] = []
        flags = bitset.to_bytes((self.size + 7) // 8, "little")
        for byte_index, byte in enumerate(flags):
            if byte:
                base = byte_index << 3
                found += [base + bit for bit in _BITS[byte]]
        return found


# The set bits of every byte value, for walking bitsets a byte at a time.
_BITS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


_lock = threading.Lock()
_loaded: FacetIndex | None = None


def catalog_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM catalog_version WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def current() -> FacetIndex:
    """The index of the catalog as it is now: one query when nothing changed, a reload when
    something did."""
    global _loaded
    version = catalog_version()
    loaded = _loaded
    if loaded is not None and loaded.version == version:
        return loaded
    with _lock:
        if _loaded is None or _loaded.version != version:
            _loaded = _load(version)
        return _loaded


# One statement for the whole index: every facet value with the positions of its entries
# (position = rank of the entry's id), the labels, the ids and the default (score) order. The
# grouping runs in the database; Python only packs the positions into bitsets.
INDEX_SQL = """
WITH e AS MATERIALIZED (
    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS pos, id, name, score, replica_count,
           region_id, COALESCE(province_id, region_id) AS province_id, affair, affair_name,
           form, stage, is_digital, region_predicate, region_predicate_label
    FROM catalog_catalogentry
)
SELECT 'ids', NULL, NULL, array_agg(id ORDER BY pos) FROM e
UNION ALL SELECT 'score', NULL, NULL, array_agg(pos ORDER BY score DESC, name COLLATE "C", id)
    FROM e
UNION ALL SELECT 'region', region_id::text, NULL, array_agg(pos) FROM e GROUP BY region_id
UNION ALL SELECT 'province', province_id::text, NULL, array_agg(pos) FROM e GROUP BY province_id
UNION ALL SELECT 'affair', affair, max(affair_name), array_agg(pos) FROM e GROUP BY affair
UNION ALL SELECT 'form', form, NULL, array_agg(pos) FROM e GROUP BY form
UNION ALL SELECT 'stage', stage, NULL, array_agg(pos) FROM e GROUP BY stage
UNION ALL SELECT 'digital', CASE WHEN is_digital THEN 'true' ELSE 'false' END, NULL,
    array_agg(pos) FROM e GROUP BY is_digital
UNION ALL SELECT 'predicate', region_predicate, max(region_predicate_label), array_agg(pos)
    FROM e GROUP BY region_predicate
UNION ALL SELECT 'replicated', CASE WHEN replica_count > 0 THEN 'true' ELSE 'false' END, NULL,
    array_agg(pos) FROM e GROUP BY replica_count > 0
"""
# The other orders, computed the first time a search asks for them.
ORDER_SQL = {
    "replicas": 'replica_count DESC, score DESC, name COLLATE "C", id',
    "newest": "published_at DESC, id DESC",
}


def _load(version: int) -> FacetIndex:
    """The index of the catalog as it is now. About 0.2 to 0.4 s for 36,000 entries; it runs
    once per process after each change to the catalog."""
    from regions.models import Region

    regions = {
        str(pk): (code, name, kind)
        for pk, code, name, kind in Region.objects.values_list("pk", "code", "name", "kind")
    }
    with connection.cursor() as cursor:
        cursor.execute(INDEX_SQL)
        rows = cursor.fetchall()
    ids = tuple(rows[0][3] or ())
    size = len(ids)
    masks: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    labels: dict[str, dict[str, str]] = {name: {} for name in FACET_NAMES}
    by_score: tuple[int, ...] = ()
    for facet, value, label, positions in rows[1:]:
        if facet == "score":
            by_score = tuple(positions or ())
            continue
        if facet in ("region", "province"):
            value = regions[value][0]
        elif facet == "predicate" and not value:
            value = NO_PREDICATE
        masks[facet][value] = _bitset(size, positions)
        if label and facet in ("affair", "predicate"):
            labels[facet][value] = label
    for code, name, kind in regions.values():
        label = f"Provinsi {name}" if kind == "provinsi" else name
        labels["region"][code] = label
        if kind == "provinsi":
            labels["province"][code] = label
    return FacetIndex(
        version=version,
        ids=ids,
        position={entry_id: index for index, entry_id in enumerate(ids)},
        everything=(1 << size) - 1,
        masks=masks,
        labels=labels,
        orders={"score": by_score},
        places={"score": _places(by_score)},
    )


def _bitset(size: int, positions: list[int]) -> int:
    flags = bytearray((size + 7) // 8)
    for index in positions:
        flags[index >> 3] |= _BIT[index & 7]
    return int.from_bytes(flags, "little")


_BIT = tuple(1 << bit for bit in range(8))


def _places(order) -> tuple[int, ...]:
    places = [0] * len(order)
    for place, index in enumerate(order):
        places[index] = place
    return tuple(places)
