"""The catalog's facet columns, held in memory as bitsets: materialised facet counts.

Counting facets in SQL means grouping every matching row once per facet; over tens of thousands
of entries that costs 50 to 150 ms per search (measured in bench/catalog.py). Here each facet value
owns a bitset of the entries that have it (a Python int, bit i = the entry at position i), so a
facet count is an AND and a popcount over a few kilobytes, whatever the filters.

The index is exact, never stale, and kept current change by change: every statement that writes
entries appends their ids to the catalog_change log (triggers, migration 0007), without waiting
on any other writer. Every search first reads the changes at or after the horizon of the index
(the oldest transaction still running when it last looked, its snapshot's xmin: any change not
yet seen then belongs to a transaction at or after it) and applies the ones it has not applied:
the changed entries' facet columns are read again and their bits moved, new entries get new
positions, deleted ones lose theirs; the score order and the per-term caches of search are
patched for those entries only. The log is read before the rows, so an index is never labelled
newer than the data it holds. A change it had applied that is gone again (a rolled-back
transaction seen from inside), a TRUNCATE, or a flood of changes makes it reload whole."""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, field, replace
from decimal import Decimal

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
# More new changes than this at once (a rebuild) are cheaper to take by reloading whole.
MAX_CHANGES_APPLIED = 2000
# Patching the search caches costs one tsquery test per cached term and changed entry; beyond
# this many tests the caches are dropped instead (they refill as searches come).
MAX_CACHE_PATCH_TESTS = 20_000
# Ranks and result cards remembered across versions, in all.
MAX_MEMO_ENTRIES = 50_000

_ScoreKey = tuple[Decimal, str, int]


@dataclass(frozen=True)
class FacetIndex:
    # Identifies the data the index holds: the same set of applied changes gives the same key
    # in every process that loaded at the same time (cache keys of public pages use it).
    version: str
    horizon: int  # xmin of the snapshot it was last brought up to date with
    applied: frozenset[int]  # ids of the changes at or after the horizon it holds
    xor: int  # running XOR of the hashes of every change id it holds (-> version)
    ids: tuple[int, ...]  # position -> entry id (a deleted entry keeps its position, unset)
    position: dict[int, int]  # entry id -> position
    everything: int  # bitset of all entries
    masks: dict[str, dict[str, int]]  # facet -> value -> bitset
    labels: dict[str, dict[str, str]]  # facet -> value -> label
    orders: dict[str, tuple[int, ...]]  # "score" / "replicas" / "newest" -> positions in order
    places: dict[str, tuple[int, ...]]  # the same orders inverted: position -> place
    # (orders and places are filled lazily, see order(); the dicts themselves never change
    # identity, so the frozen dataclass stays shareable)
    facet_values: dict[int, tuple[str, ...]]  # position -> its value of each facet
    score_keys: dict[int, _ScoreKey]  # position -> its key in the score order
    region_codes: dict[int, str]  # region id -> code
    # tsquery of a search term -> (entries matching it, entries whose name does), None for
    # only stop words; filled by searches (replication.catalog.selectors), it lives as long as
    # this version of the index and is patched with it.
    term_matches: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    # Also per version: a typed word -> the catalog word it is corrected to (None: kept), and
    # (ranking tsquery, phrase) -> entry id -> relevance already computed.
    word_fixes: dict[str, str | None] = field(default_factory=dict)
    ranks: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)
    # Ranking tsquery ("" without a query) -> entry id -> its result card (the entry, its
    # rank and highlighted snippet: replication.catalog.selectors.SearchHit).
    hits: dict[str, dict[int, object]] = field(default_factory=dict)

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
            self.places[name] = _places(ordered, self.size)
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

# The changes a reader has to look at: those of transactions at or after `horizon` (all of them
# when it has none yet), with the snapshot's own xmin, the next horizon. hashint8extended gives
# each change id a 64-bit hash for the running XOR that names the data version.
WINDOW_SQL = """
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
       coalesce(array_agg(id ORDER BY id), '{}'),
       coalesce(array_agg(xid::text::bigint ORDER BY id), '{}'),
       coalesce(array_agg(entry_id ORDER BY id), '{}'),
       coalesce(array_agg(hashint8extended(id, 0) ORDER BY id), '{}')
FROM catalog_change
WHERE xid >= coalesce(%s::text::xid8, pg_snapshot_xmin(pg_current_snapshot()))
"""


def catalog_version() -> str:
    """The version of the catalog this process sees now (see FacetIndex.version)."""
    return current().version


def current() -> FacetIndex:
    """The index of the catalog as it is now: one query when nothing changed, the changed
    entries read again when something did."""
    global _loaded
    while True:
        loaded = _loaded
        if loaded is None:
            with _lock:
                if _loaded is None:
                    _loaded = _load()
                return _loaded
        with connection.cursor() as cursor:
            cursor.execute(WINDOW_SQL, [str(loaded.horizon)])
            window = _Window(*cursor.fetchone())
        if window.nothing_new_for(loaded):
            return loaded
        with _lock:
            if _loaded is loaded:
                _loaded = _brought_up_to_date(loaded, window)
                return _loaded
        # Another thread moved the index meanwhile: look again from where it is now.


@dataclass
class _Window:
    xmin: int
    change_ids: list[int]
    xids: list[int]
    entry_ids: list[int]
    hashes: list[int]

    def nothing_new_for(self, index: FacetIndex) -> bool:
        return index.horizon == self.xmin and index.applied == self.current_ids()

    def current_ids(self) -> frozenset[int]:
        """The changes at or after the new horizon (what the next look must not apply again)."""
        return frozenset(
            change
            for change, xid in zip(self.change_ids, self.xids, strict=True)
            if xid >= self.xmin
        )


def _brought_up_to_date(loaded: FacetIndex, window: _Window) -> FacetIndex:
    seen = set(window.change_ids)
    if not loaded.applied <= seen:
        return _load()  # a change it holds is gone: rolled back (seen from inside)
    new = [
        (change, entry, hashed)
        for change, entry, hashed in zip(
            window.change_ids, window.entry_ids, window.hashes, strict=True
        )
        if change not in loaded.applied
    ]
    if len(new) > MAX_CHANGES_APPLIED or any(entry == 0 for _c, entry, _h in new):
        return _load()
    xor = loaded.xor
    for _change, _entry, hashed in new:
        xor ^= hashed
    changed = sorted({entry for _change, entry, _hashed in new})
    index = _apply(loaded, changed) if changed else loaded
    return replace(
        index,
        version=_version(xor),
        horizon=window.xmin,
        applied=window.current_ids(),
        xor=xor,
    )


def _version(xor: int) -> str:
    return f"{xor & 0xFFFFFFFFFFFFFFFF:016x}"


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
# The facet columns of some entries, for moving their bits (the same values as INDEX_SQL).
ENTRIES_SQL = """
SELECT id, name, score, region_id, COALESCE(province_id, region_id), affair, affair_name, form,
       stage, CASE WHEN is_digital THEN 'true' ELSE 'false' END, region_predicate,
       region_predicate_label, CASE WHEN replica_count > 0 THEN 'true' ELSE 'false' END
FROM catalog_catalogentry WHERE id = ANY(%s::bigint[])
"""
# Which of the search caches' terms the changed entries match, by their text and by their name.
TERMS_OF_ENTRIES_SQL = """
SELECT term.q, e.id,
       e.search_vector @@ to_tsquery('indonesian', term.q),
       to_tsvector('indonesian', e.name) @@ to_tsquery('indonesian', term.q)
FROM unnest(%s::text[]) AS term(q), catalog_catalogentry e
WHERE e.id = ANY(%s::bigint[])
"""


# The window and the running XOR of every change for a full load, in one statement (one
# snapshot): a change committed between two statements would otherwise be counted twice.
LOAD_WINDOW_SQL = WINDOW_SQL.replace(
    "FROM catalog_change\nWHERE",
    ", (SELECT coalesce(bit_xor(hashint8extended(id, 0)), 0) FROM catalog_change)\n"
    "FROM catalog_change\nWHERE",
)
assert LOAD_WINDOW_SQL != WINDOW_SQL  # the replacement above found its place
# Every entry's key in the score order (score, then name, then id, as INDEX_SQL sorts).
SCORE_KEYS_SQL = "SELECT id, score, name FROM catalog_catalogentry"


def _load() -> FacetIndex:
    """The index of the catalog as it is now. About 0.2 to 0.4 s for 36,000 entries; it runs
    once per process, and again only after a rollback seen from inside or a flood of changes."""
    from regions.models import Region

    regions = {
        pk: (code, name, kind)
        for pk, code, name, kind in Region.objects.values_list("pk", "code", "name", "kind")
    }
    with connection.cursor() as cursor:
        # The changes first, then the rows: a change committed in between is applied again
        # at the next look (reading an entry again is harmless), never missed.
        cursor.execute(LOAD_WINDOW_SQL, [None])
        *window_row, xor = cursor.fetchone()
        window = _Window(*window_row)
        cursor.execute(INDEX_SQL)
        rows = cursor.fetchall()
        cursor.execute(SCORE_KEYS_SQL)
        keys = cursor.fetchall()
    ids = tuple(rows[0][3] or ())
    size = len(ids)
    position = {entry_id: index for index, entry_id in enumerate(ids)}
    masks: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    labels: dict[str, dict[str, str]] = {name: {} for name in FACET_NAMES}
    values: list[list[str]] = [[""] * len(FACET_NAMES) for _ in range(size)]
    by_score: tuple[int, ...] = ()
    for facet, value, label, positions in rows[1:]:
        if facet == "score":
            by_score = tuple(positions or ())
            continue
        if facet in ("region", "province"):
            value = regions[int(value)][0]
        elif facet == "predicate" and not value:
            value = NO_PREDICATE
        masks[facet][value] = _bitset(size, positions)
        column = FACET_NAMES.index(facet)
        for index in positions:
            values[index][column] = value
        if label and facet in ("affair", "predicate"):
            labels[facet][value] = label
    for code, name, kind in regions.values():
        _label_region(labels, code, name, kind)
    return FacetIndex(
        version=_version(xor),
        horizon=window.xmin,
        applied=window.current_ids(),
        xor=xor,
        ids=ids,
        position=position,
        everything=(1 << size) - 1,
        masks=masks,
        labels=labels,
        orders={"score": by_score},
        places={"score": _places(by_score, size)},
        facet_values={index: tuple(row) for index, row in enumerate(values)},
        score_keys={
            position[entry_id]: (-score, name, entry_id)
            for entry_id, score, name in keys
            if entry_id in position
        },
        region_codes={pk: code for pk, (code, _name, _kind) in regions.items()},
    )


def _apply(index: FacetIndex, entry_ids: list[int]) -> FacetIndex:
    """A new index: `index` with these entries read again (added, changed or deleted)."""
    with connection.cursor() as cursor:
        cursor.execute(ENTRIES_SQL, ["{" + ",".join(map(str, entry_ids)) + "}"])
        rows = {row[0]: row for row in cursor.fetchall()}
    region_codes = dict(index.region_codes)
    new_regions: list[tuple[str, str, str]] = []  # (code, name, kind) of regions not seen yet
    missing_regions = {
        region for row in rows.values() for region in (row[3], row[4]) if region not in region_codes
    }
    if missing_regions:
        from regions.models import Region

        for pk, code, name, kind in Region.objects.filter(pk__in=missing_regions).values_list(
            "pk", "code", "name", "kind"
        ):
            region_codes[pk] = code
            new_regions.append((code, name, kind))
    ids = list(index.ids)
    position = dict(index.position)
    masks = {facet: dict(values) for facet, values in index.masks.items()}
    labels = {facet: dict(values) for facet, values in index.labels.items()}
    for code, name, kind in new_regions:
        _label_region(labels, code, name, kind)
    facet_values = dict(index.facet_values)
    score_keys = dict(index.score_keys)
    everything = index.everything
    moved: list[int] = []  # positions whose place in the score order must be found again
    for entry_id in entry_ids:
        spot = position.get(entry_id)
        if spot is not None:  # forget what it was
            for facet, value in zip(FACET_NAMES, facet_values.pop(spot, ()), strict=False):
                if value in masks[facet]:
                    masks[facet][value] &= ~(1 << spot)
            everything &= ~(1 << spot)
            score_keys.pop(spot, None)
        row = rows.get(entry_id)
        if row is None:
            continue  # deleted: its position stays, unset everywhere
        if spot is None:
            spot = len(ids)
            ids.append(entry_id)
            position[entry_id] = spot
        (_id, name, score, region, province, affair, affair_name, form, stage, digital,
         predicate, predicate_label, replicated) = row  # fmt: skip
        values = (
            region_codes[province],
            region_codes[region],
            affair,
            form,
            digital,
            stage,
            predicate or NO_PREDICATE,
            replicated,
        )
        for facet, value in zip(FACET_NAMES, values, strict=True):
            masks[facet][value] = masks[facet].get(value, 0) | (1 << spot)
        if affair_name:
            labels["affair"][affair] = affair_name
        if predicate and predicate_label:
            labels["predicate"][predicate] = predicate_label
        facet_values[spot] = values
        everything |= 1 << spot
        score_keys[spot] = (-score, name, entry_id)
        moved.append(spot)
    touched = {position[entry_id] for entry_id in entry_ids if entry_id in position}
    score_order = _score_order_with(index, touched, moved, score_keys)
    new = replace(
        index,
        ids=tuple(ids),
        position=position,
        everything=everything,
        masks=masks,
        labels=labels,
        orders={"score": score_order},  # the other orders are read again when asked for
        places={"score": _places(score_order, len(ids))},
        facet_values=facet_values,
        score_keys=score_keys,
        region_codes=region_codes,
        term_matches={},
        word_fixes={},  # a new entry may bring the word a correction was chosen against
        ranks=_without(index.ranks, entry_ids),
        hits=_without(index.hits, entry_ids),
    )
    _patch_search_caches(index, new, entry_ids, rows)
    return new


def _without(memo: dict, entry_ids: list[int]) -> dict:
    """A per-entry memo of the search (ranks, result cards) carried to the next version, less
    the changed entries; dropped whole when it has grown large."""
    if sum(len(per_entry) for per_entry in memo.values()) > MAX_MEMO_ENTRIES:
        return {}
    changed = set(entry_ids)
    return {
        key: {entry_id: value for entry_id, value in per_entry.items() if entry_id not in changed}
        for key, per_entry in memo.items()
    }


def _score_order_with(
    index: FacetIndex, touched: set[int], moved: list[int], score_keys: dict[int, _ScoreKey]
) -> tuple[int, ...]:
    """The score order without the touched positions, then each moved one inserted at its
    place (a binary search over the keys)."""
    order = [spot for spot in index.orders["score"] if spot not in touched]
    for spot in moved:
        bisect.insort(order, spot, key=score_keys.__getitem__)
    return tuple(order)


def _patch_search_caches(
    old: FacetIndex, new: FacetIndex, entry_ids: list[int], rows: dict[int, tuple]
) -> None:
    """Carry the search caches of `old` over to `new`, with the changed entries' bits set
    again for every cached term (one query), when that is cheap enough."""
    terms = [query for query, found in old.term_matches.items() if found is not None]
    if len(terms) * len(entry_ids) > MAX_CACHE_PATCH_TESTS:
        return
    present = [entry_id for entry_id in entry_ids if entry_id in rows]
    matches: dict[str, tuple[int, int]] = {}
    if terms and present:
        with connection.cursor() as cursor:
            cursor.execute(TERMS_OF_ENTRIES_SQL, [terms, "{" + ",".join(map(str, present)) + "}"])
            for query, entry_id, in_text, in_name in cursor.fetchall():
                bit = 1 << new.position[entry_id]
                text_bits, name_bits = matches.get(query, (0, 0))
                matches[query] = (
                    text_bits | (bit if in_text or in_name else 0),
                    name_bits | (bit if in_name else 0),
                )
    cleared = 0
    for entry_id in entry_ids:
        if entry_id in new.position:
            cleared |= 1 << new.position[entry_id]
    for query, found in old.term_matches.items():
        if found is None:
            new.term_matches[query] = None
            continue
        text_bits, name_bits = matches.get(query, (0, 0))
        new.term_matches[query] = (
            (found[0] & ~cleared) | text_bits,
            (found[1] & ~cleared) | name_bits,
        )


def prune_changes(keep_minutes: int = 60) -> int:
    """Forget changes older than `keep_minutes` of transactions every reader has passed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM catalog_change WHERE changed_at < now() - make_interval(mins => %s) "
            "AND xid < pg_snapshot_xmin(pg_current_snapshot())",
            [keep_minutes],
        )
        return cursor.rowcount


def _label_region(labels: dict[str, dict[str, str]], code: str, name: str, kind: str) -> None:
    """A region's facet label ("Provinsi Kalimantan Selatan", "Banjar"), under the province
    facet too when it is one."""
    label = f"Provinsi {name}" if kind == "provinsi" else name
    labels["region"][code] = label
    if kind == "provinsi":
        labels["province"][code] = label


def _bitset(size: int, positions: list[int]) -> int:
    flags = bytearray((size + 7) // 8)
    for index in positions:
        flags[index >> 3] |= _BIT[index & 7]
    return int.from_bytes(flags, "little")


_BIT = tuple(1 << bit for bit in range(8))


def _places(order, size: int) -> tuple[int, ...]:
    """position -> place in `order`; positions not in it (deleted entries) come last."""
    places = [len(order)] * size
    for place, index in enumerate(order):
        places[index] = place
    return tuple(places)
