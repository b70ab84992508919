"""The catalog finds what a visiting region means: abbreviations and synonyms kept as data,
several words ranked by how many they match (never nothing for a known word), per-word typo
correction with "did you mean", region names, and short words never "corrected" into others."""

from __future__ import annotations

import pytest
from django.test import Client

from replication.catalog import search_vocabulary
from replication.catalog.models import SearchSynonym
from replication.catalog.selectors import catalog_search
from tests.replication.test_catalog_search import names, raw_entries


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    search_vocabulary.forget()
    yield
    search_vocabulary.forget()


def test_entries_with_all_terms_come_first_then_those_with_most(db, region_a):
    raw_entries(
        region_a,
        [
            ("Gerakan Cegah Stunting", "Kader posyandu mendampingi keluarga."),
            ("Penurunan Angka Kemiskinan", "Bantuan usaha keluarga miskin."),
            ("Penurunan Stunting Terpadu", "Intervensi gizi spesifik."),
            ("Sekolah Lapang Iklim", "Petani belajar cuaca."),
        ],
    )
    # The subject ("stunting") counts for more than a word naming the kind of effort.
    assert names(catalog_search("penurunan stunting")) == [
        "Penurunan Stunting Terpadu",
        "Gerakan Cegah Stunting",
        "Penurunan Angka Kemiskinan",
    ]


def test_a_query_for_a_group_also_finds_its_narrower_terms_after_its_own(db, region_a):
    raw_entries(
        region_a,
        [
            ("Kelas Ibu Hamil", "Senam dan konseling."),
            ("Layanan KIA Terpadu", "Pemeriksaan ibu dan anak."),
            ("Sekolah Lapang Iklim", "Petani belajar cuaca."),
        ],
    )
    assert names(catalog_search("kesehatan ibu dan anak")) == [
        "Layanan KIA Terpadu",
        "Kelas Ibu Hamil",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ibu hamil", "Kelas Bumil Sehat"),
        ("bumil", "Pendampingan Ibu Hamil Risiko Tinggi"),
        ("cabe", "Budidaya Cabai Organik"),
        ("tengkes", "Gerakan Cegah Stunting"),
        ("adminduk", "Jemput Bola Administrasi Kependudukan"),
    ],
)
def test_abbreviations_and_synonyms_find_each_other(db, region_a, query, expected):
    raw_entries(
        region_a,
        [
            ("Kelas Bumil Sehat", "Senam dan konseling."),
            ("Pendampingan Ibu Hamil Risiko Tinggi", "Kunjungan bidan."),
            ("Budidaya Cabai Organik", "Pupuk kompos."),
            ("Gerakan Cegah Stunting", "Gizi balita."),
            ("Jemput Bola Administrasi Kependudukan", "Perekaman KTP di desa."),
        ],
    )
    assert expected in names(catalog_search(query))


def test_opd_abbreviations_search_opd_names(db, region_a):
    [health] = raw_entries(region_a, [("Ambulans Desa", "Antar pasien.")])
    raw_entries(region_a, [("Sekolah Ramah Anak", "Kelas inklusif.")])
    type(health).objects.filter(pk=health.pk).update(opd_name="Dinas Kesehatan")
    from replication.catalog.sync import update_search_vectors

    update_search_vectors([health.pk])
    assert names(catalog_search("dinkes")) == ["Ambulans Desa"]


def test_platform_admins_add_synonyms_without_a_release(db, region_a):
    raw_entries(region_a, [("Lumbung Pangan Kampung", "Cadangan beras warga.")])
    assert catalog_search("lumbung padi").hits[0].entry.name == "Lumbung Pangan Kampung"
    assert catalog_search("ketahanan pangan").total == 1
    SearchSynonym.objects.create(terms="lumpang, lumbung pangan", note="istilah daerah")
    search_vocabulary.forget()
    assert names(catalog_search("lumpang")) == ["Lumbung Pangan Kampung"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("stanting", "stunting"), ("stuntng", "stunting"), ("kesehtan", "kesehatan")],
)
def test_each_mistyped_word_is_corrected(db, region_a, typed, meant):
    raw_entries(
        region_a,
        [
            ("Gerakan Cegah Stunting", "Layanan kesehatan balita."),
            ("Posyandu Keliling", "Kesehatan ibu dan anak."),
        ],
    )
    results = catalog_search(f"pencegahan {typed}")
    assert results.total >= 1
    assert meant in results.corrected_query


def test_a_typo_never_outranks_a_short_different_word(db, region_a):
    raw_entries(
        region_a,
        [("SAPA SEKOLAH", "Sapaan pagi guru."), ("Inseminasi Buatan Sapi", "Ternak sapi bali.")],
    )
    results = catalog_search("sapi")
    assert names(results) == ["Inseminasi Buatan Sapi"] and results.corrected_query == ""


def test_a_region_name_finds_its_innovations(db, region_a, region_b):
    raw_entries(region_a, [("Ambulans Desa", "Antar pasien.")])
    raw_entries(region_b, [("Ambulans Laut", "Antar pasien pulau.")])
    assert names(catalog_search("ambulans tanah bumbu"))[0] == "Ambulans Laut"


def test_stop_words_and_exclusions(db, region_a):
    raw_entries(
        region_a,
        [("Jemput Bola Pajak", "Petugas datang."), ("Jemput Bola KTP", "Perekaman di desa.")],
    )
    assert sorted(names(catalog_search("jemput bola untuk warga"))) == [
        "Jemput Bola KTP",
        "Jemput Bola Pajak",
    ]
    assert names(catalog_search('"jemput bola" -pajak')) == ["Jemput Bola KTP"]


def test_the_page_says_what_it_searched_for(db, region_a):
    raw_entries(region_a, [("Gerakan Cegah Stunting", "Gizi balita.")])
    page = Client(HTTP_HOST="localhost").get("/katalog/", {"q": "stanting"}).content.decode()
    assert "Menampilkan hasil untuk <strong>stunting</strong>" in page
    assert "Gerakan Cegah Stunting" in page


def test_the_api_says_what_it_searched_for(db, region_a):
    raw_entries(region_a, [("Gerakan Cegah Stunting", "Gizi balita.")])
    body = Client(HTTP_HOST="localhost").get("/api/v1/catalog/", {"q": "stanting"}).json()
    assert body["corrected_query"] == "stunting" and body["count"] == 1
