"""Searching the catalog: Indonesian stemming, typo tolerance, ranking, safe snippets, facet
counts with the other filters applied, sorting and paging. What a visiting region means
(vocabulary, several words, typos per word) is in test_catalog_search_meaning.py."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from replication.catalog.models import CatalogEntry
from replication.catalog.selectors import catalog_search, similar_entries
from tests.conftest import make_opd
from tests.replication.helpers import published_entry
from tests.replication.helpers import published_entry as published

# A rancang bangun long enough to count, without the words the tests search for.
DESIGN = " ".join(["Rancang bangun inovasi daerah yang terukur dan berkelanjutan."] * 40)


@pytest.fixture
def catalog(personas, region_a, region_b):
    """Four entries: three in Banjar (two kesehatan, one pendidikan), one in Tanah Bumbu."""
    admin_a, admin_b = personas.admin_a, personas.admin_b
    opd_b = make_opd(region_b, "Dinas Pendidikan")

    def published_entry(region, admin, opd, **overrides):
        return published(region, admin, opd, design=DESIGN, **overrides)

    return {
        "posyandu": published_entry(
            region_a,
            admin_a,
            personas.opd_a,
            name="Posyandu Digital",
            benefits="Layanan kesehatan balita tercatat rapi.",
            is_digital=True,
        ),
        "ambulans": published_entry(
            region_a,
            admin_a,
            personas.opd_a,
            name="Ambulans Desa",
            benefits="Warga desa cepat sampai ke rumah sakit.",
            is_digital=False,
        ),
        "sekolah": published_entry(
            region_a,
            admin_a,
            personas.opd_a,
            name="Sekolah Lapang",
            affair="pendidikan",
            benefits="Petani belajar langsung di sawah.",
            is_digital=True,
        ),
        "rapor": published_entry(
            region_b,
            admin_b,
            opd_b,
            name="Rapor Daring",
            affair="pendidikan",
            benefits="Orang tua melihat nilai anak dari rumah.",
            is_digital=True,
        ),
    }


def names(results) -> list[str]:
    return [hit.entry.name for hit in results.hits]


def counts(results, facet: str) -> dict[str, int]:
    [found] = [item for item in results.facets if item.name == facet]
    return {value.value: value.count for value in found.values}


def test_indonesian_stemming_finds_related_words(catalog):
    # "pelayanan" and "layanan" share the stem "layan".
    results = catalog_search("pelayanan")
    assert names(results) == ["Posyandu Digital"]
    assert "<mark>Layanan</mark> kesehatan balita" in results.hits[0].snippet
    assert results.hits[0].rank > 0


def test_typos_still_find_by_name(catalog):
    assert names(catalog_search("posyandu digitl")) == ["Posyandu Digital"]
    assert names(catalog_search("ambulan desaa")) == ["Ambulans Desa"]
    assert catalog_search("xyzzy qwerty").total == 0


def test_a_mistyped_query_word_is_corrected_and_the_page_says_so(catalog):
    results = catalog_search("posyandu digitl")
    assert names(results) == ["Posyandu Digital"]
    assert results.corrected_query == "posyandu digital"
    assert catalog_search("posyandu digital").corrected_query == ""


def test_snippets_escape_user_text(personas, region_a):
    published_entry(
        region_a,
        personas.admin_a,
        personas.opd_a,
        name="Aman",
        goals='Jika a < b & "c" maka layanan \ue000tetap\ue001 aman.',
    )
    snippet = catalog_search("layanan").hits[0].snippet
    assert "&lt; b &amp; &quot;c&quot;" in snippet
    assert "<mark>layanan</mark>" in snippet
    # Marker characters typed by a user are dropped, never turned into markup.
    assert snippet.count("<mark>") == 1 and "\ue000" not in snippet


def test_facet_counts_apply_the_other_filters(catalog, region_a, region_b):
    everything = catalog_search()
    assert everything.total == 4
    assert counts(everything, "affair") == {"kesehatan": 2, "pendidikan": 2}
    assert counts(everything, "digital") == {"true": 3, "false": 1}
    assert counts(everything, "region") == {region_a.code: 3, region_b.code: 1}
    assert counts(everything, "province") == {region_a.province.code: 4}
    assert counts(everything, "replicated") == {"false": 4}

    health = catalog_search(filters={"affair": ["kesehatan"]})
    assert health.total == 2
    # The affair facet ignores its own filter, so the other urusan stays choosable.
    assert counts(health, "affair") == {"kesehatan": 2, "pendidikan": 2}
    assert counts(health, "digital") == {"true": 1, "false": 1}
    assert counts(health, "region") == {region_a.code: 2}

    digital_health = catalog_search(filters={"affair": ["kesehatan"], "digital": ["true"]})
    assert names(digital_health) == ["Posyandu Digital"]
    assert counts(digital_health, "affair") == {"kesehatan": 1, "pendidikan": 2}
    assert counts(digital_health, "digital") == {"true": 1, "false": 1}
    [affair] = [facet for facet in digital_health.facets if facet.name == "affair"]
    assert [value.selected for value in affair.values] == [False, True] or [
        value.selected for value in affair.values
    ] == [True, False]

    both = catalog_search(
        filters={"affair": ["kesehatan", "pendidikan"], "region": [region_b.code]}
    )
    assert names(both) == ["Rapor Daring"]
    assert counts(both, "region") == {region_a.code: 3, region_b.code: 1}


def test_facets_with_a_query_count_only_matches(catalog, region_a):
    results = catalog_search("rumah")  # ambulans (rumah sakit) and rapor (dari rumah)
    assert sorted(names(results)) == ["Ambulans Desa", "Rapor Daring"]
    assert counts(results, "affair") == {"kesehatan": 1, "pendidikan": 1}


def test_a_selected_value_without_matches_stays_visible(catalog):
    results = catalog_search("sekolah", filters={"affair": ["kesehatan"], "stage": ["initiative"]})
    assert results.total == 0
    [stage] = [facet for facet in results.facets if facet.name == "stage"]
    assert [(value.value, value.count, value.selected) for value in stage.values] == [
        ("initiative", 0, True)
    ]


def test_predicate_and_replicated_facets(catalog, region_a):
    CatalogEntry.objects.filter(pk=catalog["ambulans"].pk).update(replica_count=2)
    results = catalog_search(filters={"replicated": ["true"]})
    assert names(results) == ["Ambulans Desa"]
    predicate = catalog["ambulans"].region_predicate
    assert counts(results, "predicate") == {predicate: 1}
    CatalogEntry.objects.filter(pk=catalog["rapor"].pk).update(
        region_predicate="inovatif", region_predicate_label="Inovatif"
    )
    assert catalog_search(filters={"predicate": [predicate]}).total == 3
    everything = catalog_search()
    [facet] = [item for item in everything.facets if item.name == "predicate"]
    assert {(value.value, value.label, value.count) for value in facet.values} == {
        (predicate, catalog["ambulans"].region_predicate_label, 3),
        ("inovatif", "Inovatif", 1),
    }


def test_sorting(catalog):
    now = timezone.now()
    for offset, (key, score, replicas) in enumerate(
        [("posyandu", 10, 0), ("ambulans", 30, 1), ("sekolah", 20, 3), ("rapor", 5, 0)]
    ):
        CatalogEntry.objects.filter(pk=catalog[key].pk).update(
            score=score,
            replica_count=replicas,
            published_at=now - datetime.timedelta(days=offset),
        )
    assert names(catalog_search(sort="score")) == [
        "Ambulans Desa",
        "Sekolah Lapang",
        "Posyandu Digital",
        "Rapor Daring",
    ]
    assert names(catalog_search())[0] == "Ambulans Desa"  # score is the default without text
    assert names(catalog_search(sort="replicas"))[:2] == ["Sekolah Lapang", "Ambulans Desa"]
    assert names(catalog_search(sort="newest"))[0] == "Posyandu Digital"
    assert catalog_search(sort="relevance").sort == "score"  # nothing to be relevant to
    assert catalog_search("desa").sort == "relevance"


def test_paging(catalog):
    first = catalog_search(page=1, page_size=3)
    second = catalog_search(page=2, page_size=3)
    assert (first.total, first.num_pages, len(first.hits), len(second.hits)) == (4, 2, 3, 1)
    assert not set(names(first)) & set(names(second))
    assert catalog_search(page=99, page_size=3).page == 2  # past the end: the last page


def test_search_runs_in_a_fixed_number_of_queries(catalog, personas, region_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**kwargs) -> int:
        with CaptureQueriesContext(connection) as captured:
            catalog_search(**kwargs)
        return len(captured)

    text_search = {"query": "desa", "filters": {"affair": ["kesehatan"]}}
    queries(), queries(**text_search)  # the index loaded, the terms looked up
    small = (queries(), queries(**text_search))
    for number in range(4):
        published_entry(region_a, personas.admin_a, personas.opd_a, name=f"Desa Sehat {number}")
    # The first search after the changes reads the changed entries (which cached terms they
    # hold, and the cards of the new ones shown) and moves their bits; then searches cost what
    # they cost before.
    assert queries() <= small[0] + 3
    after = (queries(), queries(**text_search))
    # The new entries' relevance and cards are made once, the others' are remembered.
    assert after[0] == small[0] and after[1] <= small[1] + 2
    assert small[0] <= 2


def test_similar_entries(catalog):
    similar = similar_entries(catalog["sekolah"])
    assert similar[0].name == "Rapor Daring"  # same urusan
    assert catalog["sekolah"].pk not in [entry.pk for entry in similar]


def raw_entries(region, names_and_texts, **fields) -> list[CatalogEntry]:
    """Catalog rows written directly (fast), with their search vectors, for ranking tests."""
    from replication.catalog.sync import update_search_vectors

    first = 500_000 + CatalogEntry.objects.filter(region=region).count()
    rows = CatalogEntry.objects.bulk_create(
        [
            CatalogEntry(
                region=region,
                province=region.province,
                innovation_id=first + number,
                name=name,
                benefits=text,
                opd_name="Dinas",
                stage="implementation",
                form="public_service",
                affair="kesehatan",
                affair_name="Kesehatan",
                year=2026,
                published_at=timezone.now(),
                **fields,
            )
            for number, (name, text) in enumerate(names_and_texts)
        ]
    )
    update_search_vectors([row.pk for row in rows])
    return rows


def test_broad_queries_rank_name_matches_among_the_bounded_candidates(monkeypatch, db, region_a):
    from replication.catalog import selectors

    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 3)
    raw_entries(
        region_a, [(f"Program {n}", "Layanan warga di kantor desa.") for n in range(6)], score=50
    )
    [titled] = raw_entries(region_a, [("Layanan Prima", "Warga puas.")], score=1)
    results = catalog_search("layanan", page_size=3)
    assert results.total == 7
    # More matches than candidates: the one whose name looks like the query is ranked first,
    # although its score is the lowest.
    assert results.hits[0].entry.pk == titled.pk
    everything = [
        hit.entry.name
        for page in (1, 2, 3)
        for hit in catalog_search("layanan", page=page, page_size=3).hits
    ]
    assert sorted(everything) == sorted({*(f"Program {n}" for n in range(6)), "Layanan Prima"})


def test_a_large_tier_ranks_names_holding_the_term_first(monkeypatch, db, region_a):
    from replication.catalog import selectors

    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 5)
    raw_entries(region_a, [(f"Gerakan {n:03d}", "Posyandu balita aktif.") for n in range(30)])
    [named] = raw_entries(region_a, [("Posyandu Keliling", "Kader datang.")], score=1)
    results = catalog_search("posyandu", page_size=10)
    assert results.total == 31 and results.hits[0].entry.pk == named.pk


def test_text_without_letters_is_no_text(catalog):
    assert catalog_search("!!! ...").total == 4
    assert catalog_search("!!! ...").query == ""


def test_unknown_filter_values_match_nothing_but_stay_selected(catalog):
    results = catalog_search(filters={"region": ["99.99"], "affair": ["tidak-ada"]})
    assert results.total == 0
    [region] = [facet for facet in results.facets if facet.name == "region"]
    assert [(value.value, value.count, value.selected) for value in region.values][-1] == (
        "99.99",
        0,
        True,
    )


def test_search_sees_changes_and_never_a_rolled_back_state(catalog):
    from django.db import transaction

    assert catalog_search("kereta").total == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        CatalogEntry.objects.filter(pk=catalog["rapor"].pk).update(name="Kereta Kencana")
        assert catalog_search(filters={"digital": ["true"]}).total == 3
        assert [hit.entry.name for hit in catalog_search("kereta").hits] == ["Kereta Kencana"]
        raise RuntimeError
    # The rolled-back name is gone from the in-memory facet index too.
    assert catalog_search("kereta").total == 0
    CatalogEntry.objects.filter(pk=catalog["rapor"].pk).update(is_digital=False)
    assert catalog_search(filters={"digital": ["true"]}).total == 2
