"""Reading the national catalog: faceted full-text search, an entry, its lineage and similar
innovations. Everything here reads CatalogEntry only, never a region's schema, so nothing that
is not published can ever appear.

A search costs a fixed number of queries whatever the size of the catalog: the catalog version
(facet counts come from the in-memory bitsets of replication.catalog.facet_index, reloaded only
when the version moved), the corrections of mistyped words (replication.catalog.search_query),
the ids matching each term of the query (cached per catalog version), the relevance ranks of the
best candidates, and the page's rows with their highlighted snippets.

SQL text here is composed only from this module's constants; every value from a request is a
query parameter, hence the few `noqa: S608/S611`."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from replication.catalog import facet_index, search_query, search_vocabulary
from replication.catalog.facet_index import BOOLEAN_FACETS, FACET_NAMES, NO_PREDICATE, FacetIndex
from replication.catalog.models import CatalogEntry
from replication.catalog.search_query import SearchPlan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region

TEXT_CONFIG = "indonesian"
MAX_QUERY_CHARS = 200
# Snippet markers from Unicode's private-use area: stripped from the text before ts_headline
# runs, so user text can never produce them; the escaped snippet then gets <mark> in their place.
START_MARK, STOP_MARK = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={START_MARK}, StopSel={STOP_MARK}, MaxFragments=2, MaxWords=28, MinWords=10, "
    'FragmentDelimiter=" … "'
)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Relevance is computed with ts_rank_cd for at most this many full-text matches. A broader query
# ranks the matches whose name also looks like the query first, then the best-scored; beyond
# them, results continue by score. Ranking costs a detoasted vector per row, so this bounds it.
RANK_CANDIDATES = 200
# Matches of a term are kept per process for the catalog version they were read at (the facet
# index's cache): a popular term costs its GIN lookup once per change of the catalog.
TERM_CACHE_SIZE = 2000
# Not needed on a result card: left out of list queries.
LONG_TEXT_FIELDS = ("search_vector", "goals", "benefits", "results", "design_excerpt", "notes")
_Entry = TypeVar("_Entry", bound=CatalogEntry)


class Sort:
    RELEVANCE = "relevance"
    SCORE = "score"
    REPLICAS = "replicas"
    NEWEST = "newest"

    CHOICES = (
        (RELEVANCE, _("Paling relevan")),
        (SCORE, _("Skor tertinggi")),
        (REPLICAS, _("Paling banyak direplikasi")),
        (NEWEST, _("Terbaru")),
    )
    VALUES = tuple(value for value, _label in CHOICES)


FACET_LABELS = {
    "province": _("Provinsi"),
    "region": _("Daerah"),
    "affair": _("Urusan"),
    "form": _("Bentuk"),
    "digital": _("Digital"),
    "stage": _("Tahapan"),
    "predicate": _("Predikat daerah asal"),
    "replicated": _("Replikasi"),
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def has_selection(self) -> bool:
        return any(value.selected for value in self.values)


@dataclass
class SearchHit:
    entry: CatalogEntry
    rank: float
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    filters: dict[str, list[str]]
    sort: str
    page: int
    page_size: int
    total: int
    hits: list[SearchHit]
    facets: list[Facet]
    # The query as searched when a mistyped word was corrected ("did you mean"), else "".
    corrected_query: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def clean_filters(raw: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Keep known facets only, with their values de-duplicated and in a stable order. Boolean
    facets take "true"/"false"; unknown values of the other facets simply match nothing."""
    cleaned: dict[str, list[str]] = {}
    for name in FACET_NAMES:
        values = [str(value).strip()[:80] for value in raw.get(name, []) if str(value).strip()]
        if name in BOOLEAN_FACETS:
            values = [value for value in values if value in ("true", "false")]
        values = [value for value in values if "\x00" not in value]
        if values:
            cleaned[name] = sorted(set(values))
    return cleaned


def clean_query(raw: str | None) -> str:
    """The search text on one line, bounded; text without a letter or digit is no text (it
    would match nothing, and a trigram search for it would test every name)."""
    text = " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_CHARS]
    return text if any(character.isalnum() for character in text) else ""


@dataclass
class _TextMatches:
    # Entries grouped by the terms they match, the best group first (all terms, then by the
    # rarity of the terms held, see _tiers); none of them matches an excluded term.
    tiers: list[int]
    matching: int
    in_names: int  # entries whose name holds one of the terms


def catalog_search(
    query: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    sort: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> SearchResults:
    """One page of the catalog for a query and facet filters, with the facet counts.

    Within a facet the selected values are alternatives (OR); facets combine with AND. Each
    facet's counts apply every OTHER active filter, so choosing a value never hides the
    facet's other values. `page` beyond the last page gives the last page."""
    query = clean_query(query)
    filters = clean_filters(filters or {})
    if sort not in Sort.VALUES:
        sort = ""
    if not sort or (sort == Sort.RELEVANCE and not query):
        sort = Sort.RELEVANCE if query else Sort.SCORE
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))

    index = facet_index.current()
    search_plan = (
        search_query.plan(query, search_vocabulary.current(), index.word_fixes) if query else None
    )
    text = _text_matches(index, search_plan) if search_plan else None
    matching = text.matching if text else index.everything
    chosen = {
        name: _union(index.masks[name].get(value, 0) for value in values)
        for name, values in filters.items()
    }
    result = matching
    for bits in chosen.values():
        result &= bits
    total = result.bit_count()
    num_pages = max(1, math.ceil(total / page_size))
    page = max(1, min(int(page), num_pages))
    start, stop = (page - 1) * page_size, page * page_size
    if sort == Sort.RELEVANCE:
        # relevance is only sorted by with a query (above)
        assert text is not None and search_plan is not None
        positions = _by_relevance(index, search_plan, text, result, start, stop)
    else:
        positions = index.in_order(result, sort, start, stop)
    return SearchResults(
        query=query,
        filters=filters,
        sort=sort,
        page=page,
        page_size=page_size,
        total=total,
        hits=_hits(index, search_plan, [index.ids[position] for position in positions]),
        facets=_facets(index, matching, chosen, filters),
        corrected_query=search_plan.corrected_query if search_plan else "",
    )


def _union(bitsets) -> int:
    result = 0
    for bits in bitsets:
        result |= bits
    return result


def _text_matches(index: FacetIndex, plan: SearchPlan) -> _TextMatches:
    """Entries by the number of the plan's terms they match (one query for the terms not
    already cached for this catalog version)."""
    wanted = [term.tsquery for term in (*plan.terms, *plan.excluded)]
    cache = index.term_matches
    missing = [tsquery for tsquery in dict.fromkeys(wanted) if tsquery not in cache]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ord, ids, in_name, empty FROM catalog_term_matches(%s)", [missing]
            )
            rows = cursor.fetchall()
        if len(cache) + len(rows) > TERM_CACHE_SIZE:
            cache.clear()
        for ordinal, ids, in_name, empty in rows:
            named = index.bitset(in_name or [])
            cache[missing[ordinal - 1]] = (
                None if empty else (index.bitset(ids or []) | named, named)
            )
    excluded = 0
    for term in plan.excluded:
        excluded |= (cache.get(term.tsquery) or (0, 0))[0]
    term_bits, term_weights, in_names = [], [], 0
    for term in plan.terms:
        found = cache.get(term.tsquery)
        if found is None and not term.region_codes:
            continue  # only stop words ("dan", "untuk"): it counts for nobody
        bits, named = found or (0, 0)
        for code in term.region_codes:
            bits |= index.masks["region"].get(code, 0) | index.masks["province"].get(code, 0)
        term_bits.append(bits)
        term_weights.append(term.weight)
        in_names |= named
    if not term_bits:
        # Nothing to look for but exclusions ("-pajak"), or only stop words.
        everything = index.everything & ~excluded if not plan.terms else 0
        return _TextMatches(tiers=[everything], matching=everything, in_names=0)
    return _TextMatches(
        tiers=_tiers(index, term_bits, term_weights, excluded),
        matching=_union(term_bits) & ~excluded,
        in_names=in_names,
    )


def _tiers(
    index: FacetIndex, term_bits: list[int], term_weights: list[float], excluded: int
) -> list[int]:
    """The matching entries grouped by which terms they hold, the groups ordered by the summed
    rarity of their terms (inverse document frequency): an entry with every term comes first
    (it holds the most weight), and among entries with some of them, a rare word ("jiwa")
    counts for more than a common one ("kesehatan"). At most 2^MAX_TERMS groups, each an AND
    of bitsets."""
    size = max(index.size, 1)
    weights = [
        factor * math.log(1 + size / max(bits.bit_count(), 1))
        for bits, factor in zip(term_bits, term_weights, strict=True)
    ]
    groups: list[tuple[int, float]] = [(index.everything & ~excluded, 0.0)]
    for bits, weight in zip(term_bits, weights, strict=True):
        split: list[tuple[int, float]] = []
        for members, total in groups:
            holding, lacking = members & bits, members & ~bits
            if holding:
                split.append((holding, total + weight))
            if lacking:
                split.append((lacking, total))
        groups = split
    groups.sort(key=lambda group: -group[1])
    return [members for members, total in groups if total > 0]


def _by_relevance(
    index: FacetIndex, plan: SearchPlan, text: _TextMatches, result: int, start: int, stop: int
) -> list[int]:
    """Entries matching all terms first, then those matching one fewer, and so on; within a
    tier, by ts_rank_cd (cover density, weighted: name A, summary B…) with names that contain
    the query as typed first. A tier too large to rank goes by score. Positions start..stop."""
    by_score = Sort.SCORE
    chosen: list[tuple[list[int], bool]] = []  # (positions, ranked?) per tier, best tier first
    budget, taken = RANK_CANDIDATES, 0
    for tier in text.tiers:
        members = tier & result
        if not members:
            continue
        count = members.bit_count()
        if count <= budget:
            chosen.append((index.positions(members), True))
            budget -= count
        else:
            # Too many to rank: those with a term in their name are ranked first (as many as
            # the budget allows), the rest follow by score.
            named = index.in_order(members & text.in_names, by_score, 0, budget)
            budget -= len(named)
            rest = members & ~index.bitset(index.ids[p] for p in named)
            chosen.append((named, True))
            chosen.append((index.in_order(rest, by_score, 0, stop - taken), False))
        taken += count
        if taken >= stop:
            break
    to_rank = [index.ids[p] for positions, ranked in chosen if ranked for p in positions]
    ranks = _ranks(index, plan, to_rank) if plan.terms else {}
    ordered: list[int] = []
    for positions, ranked in chosen:
        if ranked:
            positions = sorted(
                positions,
                key=lambda p: (-ranks.get(index.ids[p], 0.0), index.score_rank[p]),
            )
        ordered += positions
    return ordered[start:stop]


def _ranks(index: FacetIndex, plan: SearchPlan, ids: list[int]) -> dict[int, float]:
    """ts_rank_cd of a bounded list of entries, plus one for a name that holds the query's
    words in order (a phrase), and a half for a name that starts with them; those computed
    before for this catalog version are not computed again."""
    known = index.ranks.setdefault((plan.any_tsquery, plan.phrase), {})
    if len(index.ranks) > TERM_CACHE_SIZE:
        index.ranks.clear()
        index.ranks[(plan.any_tsquery, plan.phrase)] = known
    missing = [entry_id for entry_id in ids if entry_id not in known]
    if missing:
        known.update(_compute_ranks(plan, missing))
    return known


def _compute_ranks(plan: SearchPlan, ids: list[int]) -> dict[int, float]:
    table = CatalogEntry._meta.db_table
    phrase = plan.phrase
    with connection.cursor() as cursor:
        # The ids travel as one array literal: binding a list element by element costs more.
        cursor.execute(
            f"SELECT id, ts_rank_cd(search_vector, to_tsquery('{TEXT_CONFIG}', %s)) "  # noqa: S608
            "+ CASE WHEN %s <> '' AND lower(name) LIKE '%%' || %s || '%%' THEN 1 ELSE 0 END "
            "+ CASE WHEN %s <> '' AND lower(name) LIKE %s || '%%' THEN 0.5 ELSE 0 END "
            f"FROM {table} WHERE id = ANY(%s::bigint[])",
            [plan.any_tsquery, phrase, phrase, phrase, phrase, "{" + ",".join(map(str, ids)) + "}"],
        )
        return {entry_id: float(rank) for entry_id, rank in cursor}


def _hits(index: FacetIndex, plan: SearchPlan | None, ids: list[int]) -> list[SearchHit]:
    """The result cards of `ids`, in order; those made before for the same query (while the
    entry did not change) are taken as they are."""
    if not ids:
        return []
    tsquery = plan.any_tsquery if plan is not None and plan.terms else ""
    made = index.hits.setdefault(tsquery, {})
    missing = [entry_id for entry_id in ids if entry_id not in made]
    if missing:
        made.update((hit.entry.pk, hit) for hit in _make_hits(tsquery, missing))
    return [hit for entry_id in ids if isinstance(hit := made.get(entry_id), SearchHit)]


def _make_hits(tsquery: str, ids: list[int]) -> list[SearchHit]:
    rows = CatalogEntry.objects.filter(pk__in=ids).select_related("region").defer(*LONG_TEXT_FIELDS)
    if not tsquery:
        return [SearchHit(entry, 0.0, escape(entry.summary)) for entry in _in_order(rows, ids)]
    ranked = rows.annotate(
        headline=RawSQL(  # noqa: S611
            f"ts_headline('{TEXT_CONFIG}', "
            "translate(concat_ws(' ', goals, benefits, results), %s, ''), "
            f"to_tsquery('{TEXT_CONFIG}', %s), %s)",
            [START_MARK + STOP_MARK, tsquery, HEADLINE_OPTIONS],
        ),
        rank=RawSQL(  # noqa: S611
            f"ts_rank_cd(search_vector, to_tsquery('{TEXT_CONFIG}', %s))",
            [tsquery],
            output_field=FloatField(),
        ),
    )
    return [
        SearchHit(entry, entry.rank, highlight(entry.headline)) for entry in _in_order(ranked, ids)
    ]


def _in_order(rows: Iterable[_Entry], ids: list[int]) -> list[_Entry]:
    """The rows in the order of `ids`, less those unpublished since the ids were read."""
    by_id = {entry.pk: entry for entry in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def highlight(headline: str) -> SafeString:
    """ts_headline output (with the private-use markers) as safe HTML: everything escaped,
    then the markers become <mark>."""
    text = escape(headline or "")
    return mark_safe(text.replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>"))  # noqa: S308


def _facets(
    index: FacetIndex, matching: int, chosen: dict[str, int], filters: dict[str, list[str]]
) -> list[Facet]:
    """Each facet's values with their counts under the text and every OTHER active filter;
    values with no entry left are dropped unless selected."""
    from tenants.innovations.models import Form, Stage

    fixed_labels = {
        "form": dict(Form.choices),
        "stage": dict(Stage.choices),
        "digital": {"true": _("Digital"), "false": _("Non-digital")},
        "replicated": {"true": _("Sudah direplikasi"), "false": _("Belum direplikasi")},
        "predicate": {NO_PREDICATE: _("Belum dinilai")},
    }
    facets = []
    for name in FACET_NAMES:
        base = matching
        for other, bits in chosen.items():
            if other != name:
                base &= bits
        selected = set(filters.get(name, []))
        labels = fixed_labels.get(name, {}) | index.labels[name]
        values = []
        for value, bits in index.masks[name].items():
            count = (base & bits).bit_count()
            if count or value in selected:
                values.append(
                    FacetValue(value, str(labels.get(value, value)), count, value in selected)
                )
        present = {item.value for item in values}
        values += [
            FacetValue(value, str(labels.get(value, value)), 0, True)
            for value in sorted(selected - present)
        ]
        if name in BOOLEAN_FACETS:
            values.sort(key=lambda item: item.value != "true")
        elif name in ("form", "stage"):
            order = list(fixed_labels[name])
            values.sort(key=lambda item: order.index(item.value) if item.value in order else 99)
        else:
            values.sort(key=lambda item: (-item.count, item.label))
        facets.append(Facet(name, str(FACET_LABELS[name]), values))
    return facets


# ---------------------------------------------------------------------------------------------
# One entry


def entry_detail(public_id: uuid.UUID | str) -> CatalogEntry | None:
    """The published entry with its region, province and documents, or None."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        CatalogEntry.objects.select_related("region", "region__province", "province")
        .prefetch_related("documents")
        .filter(public_id=key)
        .first()
    )


def region_entries(region: Region) -> list[CatalogEntry]:
    """A region's published innovations, newest assessment year first."""
    return list(
        CatalogEntry.objects.filter(region=region)
        .defer(*LONG_TEXT_FIELDS)
        .order_by("-year", "name")
    )


def similar_entries(entry: CatalogEntry, limit: int = 5) -> list[CatalogEntry]:
    """Other entries close to this one: names alike (trigram similarity) and the same urusan,
    which weighs like a name similarity of 0.3; ties go to the better score."""
    index = facet_index.current()
    table = CatalogEntry._meta.db_table
    with connection.cursor() as cursor:
        # The 50 most similar names: a nearest-neighbour walk of the GiST trigram index.
        cursor.execute(
            f"SELECT id, 1 - (name <-> %s) FROM {table} "  # noqa: S608
            "WHERE name %% %s AND id <> %s ORDER BY name <-> %s LIMIT 50",
            [entry.name, entry.name, entry.pk, entry.name],
        )
        alike = cursor.fetchall()
    same_affair = index.masks["affair"].get(entry.affair, 0)
    own = index.position.get(entry.pk)
    if own is not None:
        same_affair &= ~(1 << own)
    closeness: dict[int, float] = {}
    for entry_id, similarity in alike:
        position = index.position.get(entry_id)
        if position is not None:
            closeness[position] = similarity + (0.3 if same_affair >> position & 1 else 0.0)
    for position in index.in_order(same_affair, Sort.SCORE, 0, limit):
        closeness.setdefault(position, 0.3)
    best = sorted(closeness, key=lambda p: (-closeness[p], index.score_rank[p]))[:limit]
    ids = [index.ids[position] for position in best]
    rows = CatalogEntry.objects.filter(pk__in=ids).select_related("region").defer(*LONG_TEXT_FIELDS)
    by_id = {row.pk: row for row in rows}
    return [by_id[entry_id] for entry_id in ids if entry_id in by_id]


@dataclass
class ReplicaRow:
    region: Region
    replica_name: str
    status: str
    status_label: str
    entry_public_id: uuid.UUID | None  # the replica's own catalog entry, when published


@dataclass
class OriginRef:
    region: Region | None
    region_code: str
    name: str
    entry: CatalogEntry | None  # None when the origin is no longer published


@dataclass
class Lineage:
    replicas: list[ReplicaRow]
    origin: OriginRef | None


def entry_replicas(entry: CatalogEntry) -> Lineage:
    """Who replicates this innovation (requests in credited statuses) and, when the entry is
    itself a replica, where it comes from. Three queries at most."""
    from regions.models import Region
    from replication.requests.models import CREDITED_STATUSES, ReplicationRequest, RequestStatus

    requests = list(
        ReplicationRequest.objects.filter(
            origin_id=entry.region_id,
            origin_innovation_id=entry.innovation_id,
            status__in=CREDITED_STATUSES,
        )
        .select_related("requester")
        .order_by("credited_at", "pk")
    )
    replica_keys = [(r.requester_id, r.replica_innovation_id) for r in requests]
    published: dict[tuple[int, int | None], uuid.UUID] = {}
    if any(innovation_id for _region, innovation_id in replica_keys):
        condition = Q()
        for region_id, innovation_id in replica_keys:
            if innovation_id:
                condition |= Q(region_id=region_id, innovation_id=innovation_id)
        published = {
            (row["region_id"], row["innovation_id"]): row["public_id"]
            for row in CatalogEntry.objects.filter(condition).values(
                "region_id", "innovation_id", "public_id"
            )
        }
    labels = dict(RequestStatus.choices)
    replicas = [
        ReplicaRow(
            region=request.requester,
            replica_name=request.replica_name,
            status=request.status,
            status_label=str(labels.get(request.status, request.status)),
            entry_public_id=published.get((request.requester_id, request.replica_innovation_id)),
        )
        for request in requests
    ]
    origin = None
    if entry.origin_public_id:
        origin_entry = (
            CatalogEntry.objects.select_related("region")
            .filter(public_id=entry.origin_public_id)
            .first()
        )
        if origin_entry is not None:
            origin = OriginRef(
                origin_entry.region, origin_entry.region.code, origin_entry.name, origin_entry
            )
        else:
            region = Region.objects.filter(code=entry.origin_region_code).first()
            source = (
                ReplicationRequest.objects.filter(
                    requester_id=entry.region_id, replica_innovation_id=entry.innovation_id
                )
                .values_list("innovation_name", flat=True)
                .first()
            )
            origin = OriginRef(region, entry.origin_region_code, source or "", None)
    return Lineage(replicas=replicas, origin=origin)


def regions_that_may_request(user: User | AnonymousUser, entry: CatalogEntry) -> list[Region]:
    """The user's regions (active memberships) from which they may ask to replicate the entry:
    every one where the policy allows MANAGE_REPLICATION, except the entry's own region."""
    from accounts.policy import Action, can
    from accounts.selectors import memberships_of_user

    if not user.is_authenticated:
        return []
    regions = []
    for membership in memberships_of_user(user):
        region = membership.region
        if region.pk != entry.region_id and can(user, Action.MANAGE_REPLICATION, region):
            regions.append(region)
    return regions
