"""Official results import: CSV and xlsx, every bad row reported and nothing written, re-imports
update instead of duplicating, and only platform operators reach the pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from rankings.models import OfficialResult
from rankings.official import OFFICIAL_RESULTS_IMPORTED, import_official_results
from rankings.official_template import official_results_template
from regions.models import Region
from tests.hostile_files import workbook_bytes

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def run(content: bytes, *, filename: str = "hasil.csv", year: int | None = None, user=None):
    return import_official_results(
        io.BytesIO(content), filename=filename, year=year, source="BSKDN 2023", user=user
    )


def xlsx(rows: list[list]) -> bytes:
    return workbook_bytes(rows)


def stored() -> dict[tuple[str, int], tuple]:
    return {
        (item.region.code, item.year): (item.index, item.predicate_label, item.national_rank)
        for item in OfficialResult.objects.select_related("region")
    }


def problems(outcome) -> set[tuple[int | None, str]]:
    return {(error.row, error.column) for error in outcome.errors}


def audit_events():
    return AuditEvent.objects.filter(event_type=OFFICIAL_RESULTS_IMPORTED)


# --- good files -----------------------------------------------------------------------------


def test_a_csv_imports_with_given_and_derived_predicates(personas):
    content = (
        b"Kode,Nama Daerah,Tahun,Indeks,Predikat,Peringkat\n"
        b"63.03,Kabupaten Banjar,2023,67.45,Sangat Inovatif,12\n"
        b"63.10,,2023,40.10,,\n"  # no predicate: 2023 bands say Inovatif from 35.00
        b"63,Provinsi Kalimantan Selatan,2023,0,,\n"
    )
    outcome = run(content, user=personas.platform_admin)
    assert outcome.ok, outcome.errors
    assert (outcome.rows, outcome.created, outcome.updated, outcome.years) == (3, 3, 0, [2023])
    assert stored() == {
        ("63.03", 2023): (Decimal("67.45"), "Sangat Inovatif", 12),
        ("63.10", 2023): (Decimal("40.10"), "Inovatif", None),
        ("63", 2023): (Decimal("0.00"), "Tidak Dapat Dinilai", None),
    }
    row = OfficialResult.objects.get(region__code="63.03")
    assert row.predicate_code == "sangat-inovatif"
    assert row.source == "BSKDN 2023" and row.imported_by == personas.platform_admin
    assert row.imported_at is not None
    event = audit_events().get()
    assert event.actor == personas.platform_admin
    assert event.data | {"filename": None} == {
        "filename": None,
        "source": "BSKDN 2023",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "years": [2023],
    }


def test_semicolons_decimal_commas_a_bom_names_and_a_chosen_year(db):
    content = (
        "\ufeffNAMA;  indeks  ;predikat\n"
        "Kabupaten Banjar;67,45;\n"
        'Kota Banjarmasin;"35,5";inovatif\n'
        "kab. tanah bumbu;12,3;\n"
        "Provinsi Kalimantan Selatan;60;\n"
    ).encode()
    outcome = run(content, year=2023)
    assert outcome.ok, outcome.errors
    assert stored() == {
        ("63.03", 2023): (Decimal("67.45"), "Sangat Inovatif", None),
        ("63.71", 2023): (Decimal("35.50"), "Inovatif", None),
        ("63.10", 2023): (Decimal("12.30"), "Kurang Inovatif", None),
        ("63", 2023): (Decimal("60.00"), "Inovatif", None),
    }


def test_an_xlsx_imports_with_a_title_row_and_numeric_codes(db):
    content = xlsx(
        [
            ["Hasil Penilaian Indeks Inovasi Daerah"],
            [],
            ["No", "Kode Wilayah", "Pemda", "Tahun", "Nilai Indeks", "Peringkat Nasional"],
            [1, 63.1, "Kabupaten Tanah Bumbu", 2023.0, 71.234, 3.0],  # 63.10 as a number
            [2, 63, "Kalimantan Selatan", 2023, "58,2", None],
            [3, "63.03", "Kabupaten Banjar", "2023", 55, "7"],
        ]
    )
    outcome = run(content, filename="hasil.xlsx")
    assert outcome.ok, outcome.errors
    assert stored() == {
        ("63.10", 2023): (Decimal("71.23"), "Sangat Inovatif", 3),
        ("63", 2023): (Decimal("58.20"), "Inovatif", None),
        ("63.03", 2023): (Decimal("55.00"), "Inovatif", 7),
    }


def test_each_result_takes_the_predicate_of_its_own_year(db):
    # 31.00 was Inovatif in 2021 (the band began at 30.00) and Kurang Inovatif in 2023 (35.00);
    # 62.00 was Sangat Inovatif in 2023 (60.01) and Inovatif in 2025 (65.01); 0 was "Disclaimer"
    # in 2021 and "Tidak Dapat Dinilai" in 2023.
    content = (
        b"kode,tahun,indeks\n"
        b"63.03,2021,31\n63.03,2023,31\n63.10,2023,62\n63.10,2025,62\n63.11,2021,0\n63.11,2023,0\n"
    )
    outcome = run(content)
    assert outcome.ok, outcome.errors
    labels = {key: value[1] for key, value in stored().items()}
    assert labels == {
        ("63.03", 2021): "Inovatif",
        ("63.03", 2023): "Kurang Inovatif",
        ("63.10", 2023): "Sangat Inovatif",
        ("63.10", 2025): "Inovatif",
        ("63.11", 2021): "Disclaimer",
        ("63.11", 2023): "Tidak Dapat Dinilai",
    }


def test_disclaimer_is_understood_under_either_name(db):
    outcome = run(b"kode,tahun,indeks,predikat\n63.03,2021,0,Disclaimer\n63.10,2022,0,Disclaimer\n")
    assert outcome.ok, outcome.errors
    labels = {key: value[1] for key, value in stored().items()}
    assert labels == {("63.03", 2021): "Disclaimer", ("63.10", 2022): "Tidak Dapat Dinilai"}


def test_importing_again_updates_instead_of_duplicating(personas):
    first = run(b"kode,tahun,indeks\n63.03,2023,50\n63.10,2023,30\n")
    assert (first.created, first.updated) == (2, 0)
    again = run(
        # "63.1": a CSV written from a number cell lost the code's trailing zero
        b"kode,tahun,indeks,peringkat\n63.03,2023,61.5,4\n63.1,2023,30,9\n63,2023,44\n",
        user=personas.platform_admin,
    )
    assert again.ok, again.errors
    assert (again.created, again.updated) == (1, 2)
    assert OfficialResult.objects.count() == 3
    assert stored()[("63.03", 2023)] == (Decimal("61.50"), "Sangat Inovatif", 4)
    assert stored()[("63.10", 2023)] == (Decimal("30.00"), "Kurang Inovatif", 9)
    assert OfficialResult.objects.get(region__code="63.03").imported_by == personas.platform_admin
    assert [event.data["updated"] for event in audit_events().order_by("id")] == [0, 2]


# --- bad files ------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(db):
    last = THIS_YEAR
    content = (
        "kode,nama,tahun,indeks,predikat,peringkat\n"
        "63.03,,2023,67.45,,1\n"  # 2: good
        "99.99,,2023,50,,\n"  # 3: unknown code
        "63.03,,2023,40,,\n"  # 4: same region and year as row 2
        "63.10,,2023,banyak,,\n"  # 5: index not a number
        "63.11,,2023,100.5,,\n"  # 6: index out of range
        "63.71,,2023,50,Luar Biasa,\n"  # 7: unknown predicate
        "63.72,,,50,,\n"  # 8: year missing
        f"63,,{last + 1},50,,\n"  # 9: year in the future
        "12.13,,2017,50,,\n"  # 10: year before the IID
        "12.01,,2023,50,,-3\n"  # 11: rank not a positive whole number
        ",Banjar,2023,50,,\n"  # 12: "Banjar" is Kabupaten Banjar and Kota Banjar
        ",Kabupaten Entah,2023,50,,\n"  # 13: no such region
        ",,2023,50,,\n"  # 14: neither code nor name
        "6x.0,,2023,,,\n"  # 15: malformed code and an empty index
    ).encode()
    outcome = run(content)
    assert not outcome.ok
    assert problems(outcome) == {
        (3, "kode"),
        (4, "kode"),
        (5, "indeks"),
        (6, "indeks"),
        (7, "predikat"),
        (8, "tahun"),
        (9, "tahun"),
        (10, "tahun"),
        (11, "peringkat"),
        (12, "nama"),
        (13, "nama"),
        (14, "kode"),
        (15, "kode"),
        (15, "indeks"),
    }
    messages = {(error.row, error.column): error.message for error in outcome.errors}
    assert "tidak dikenal" in messages[(3, "kode")]
    assert "baris 2" in messages[(4, "kode")]
    assert "bukan angka" in messages[(5, "indeks")]
    assert "0 sampai 100" in messages[(6, "indeks")]
    assert "Sangat Inovatif" in messages[(7, "predikat")]
    assert "Wajib diisi" in messages[(8, "tahun")]
    assert str(last) in messages[(9, "tahun")] and "2018" in messages[(10, "tahun")]
    assert "lebih dari satu daerah" in messages[(12, "nama")]
    assert "tidak ditemukan" in messages[(13, "nama")]
    assert OfficialResult.objects.count() == 0
    assert not audit_events().exists()


def test_a_row_disagreeing_with_the_chosen_year_is_refused(db):
    outcome = run(b"kode,tahun,indeks\n63.03,2022,50\n63.10,,50\n", year=2023)
    assert problems(outcome) == {(2, "tahun")}
    assert "2023" in outcome.errors[0].message
    assert OfficialResult.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename", "expected", "fragment"),
    [
        (b"", "hasil.csv", {(None, "")}, "kosong"),
        (b"\n  \n", "hasil.csv", {(None, "")}, "kosong"),
        (b"kode,tahun,indeks\n", "hasil.csv", {(None, "")}, "Tidak ada baris data"),
        (b"kode,tahun\n63.03,2023\n", "hasil.csv", {(1, "indeks")}, "Kolom wajib"),
        (b"tahun,indeks\n2023,50\n", "hasil.csv", {(1, "kode")}, "Kolom wajib"),
        (b"kode,indeks\n63.03,50\n", "hasil.csv", {(1, "tahun")}, "tahun"),
        (b"kode,indeks,nilai,tahun\n63.03,50,50,2023\n", "hasil.csv", {(1, "indeks")}, "sekali"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "hasil.csv", {(None, "")}, "bukan CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "hasil.xls", {(None, "")}, ".xls"),
        ("kode,tahun,indeks\n".encode("utf-16"), "hasil.csv", {(None, "")}, "UTF-16"),
        (b"kode,tahun,indeks\n63.03,2023,\xff50\n", "hasil.csv", {(None, "")}, "bukan CSV"),
        (b"kode,tahun,indeks\n63.03,2023,50\n", "hasil.xlsx", {(None, "")}, "bukan xlsx"),
        (b"PK\x03\x04 not really a zip", "hasil.xlsx", {(None, "")}, "rusak"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(content, filename, expected, fragment):
    outcome = run(content, filename=filename)
    assert problems(outcome) == expected
    assert fragment in " ".join(error.message for error in outcome.errors)
    assert OfficialResult.objects.count() == 0


def test_an_implausible_chosen_year_is_refused_before_reading(db):
    outcome = run(b"kode,indeks\n63.03,50\n", year=2010)
    assert problems(outcome) == {(None, "tahun")}
    assert OfficialResult.objects.count() == 0


# --- template and command -------------------------------------------------------------------


def test_the_template_has_headers_examples_and_instructions_and_imports_as_is(db):
    content = official_results_template()
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Hasil resmi", "Petunjuk"]
    rows = list(workbook["Hasil resmi"].iter_rows(values_only=True))
    assert rows[0] == (
        "kode",
        "nama",
        "tahun",
        "indeks",
        "predikat",
        "peringkat",
        "lingkup peringkat",
        "status",
        "sumber",
    )
    assert len(rows) == 3 and rows[1][0] == "63.03" and rows[2][0] == "63"
    help_text = " ".join(
        str(value) for row in workbook["Petunjuk"].iter_rows(values_only=True) for value in row
    )
    assert "Hapus dua baris contoh" in help_text
    outcome = run(content, filename="templat.xlsx")
    assert outcome.ok, outcome.errors
    assert outcome.created == 2


def test_the_command_imports_and_fails_loudly_on_bad_rows(db, tmp_path, capsys):
    good = tmp_path / "hasil.csv"
    good.write_bytes(b"kode;indeks\n63.03;67,45\n")
    call_command("import_official_results", str(good), "--year", "2023", "--source", "SK 2023")
    assert "1 hasil resmi baru" in capsys.readouterr().out
    assert OfficialResult.objects.get().source == "SK 2023"

    bad = tmp_path / "salah.csv"
    bad.write_bytes(b"kode,tahun,indeks\n63.10,2023,50\n99.99,2023,abc\n")
    with pytest.raises(CommandError):
        call_command("import_official_results", str(bad))
    err = capsys.readouterr().err
    assert "Baris 3, kolom kode" in err and "Baris 3, kolom indeks" in err
    assert OfficialResult.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_official_results", str(tmp_path / "tidak-ada.csv"))

    # A problem with the whole file reads as the API says it (row_error_text), without the
    # "Baris —, kolom —" placeholders the command once printed.
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_official_results", str(empty))
    err = capsys.readouterr().err
    assert err.strip() and "—" not in err


# --- pages ----------------------------------------------------------------------------------

LIST, IMPORT, TEMPLATE = (
    "/peringkat/hasil-resmi/",
    "/peringkat/hasil-resmi/impor/",
    "/peringkat/hasil-resmi/templat/",
)


def upload(content: bytes, name: str = "hasil.csv", **fields) -> dict:
    return {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "source": "Kepmendagri IGA 2023",
        **fields,
    }


def test_a_platform_admin_previews_then_confirms_and_sees_the_results(personas, client_for):
    client = client_for(personas.platform_admin, None)
    assert client.get(LIST).status_code == 200
    assert client.get(IMPORT).status_code == 200

    unreadable = client.post(IMPORT, upload(b"tahun,predikat\n2023,Inovatif\n"))
    assert unreadable.status_code == 200
    page = unreadable.content.decode()
    assert "Impor dibatalkan" in page and 'id="official-import-errors"' in page

    mixed = client.post(IMPORT, upload(b"kode,tahun,indeks\n63.03,2023,50\n99.99,2023,120\n"))
    preview = client.get(mixed["Location"])
    assert [(row.row, row.action) for row in preview.context["rows"]] == [
        (3, "reject"),
        (2, "create"),
    ]
    assert OfficialResult.objects.count() == 0  # a preview writes nothing
    client.post(mixed["Location"], {"action": "discard"})

    good = client.post(
        IMPORT, upload(b"kode;indeks;predikat\n63.03;67,45;\n63;50;Inovatif\n", year="2023")
    )
    done = client.post(good["Location"], {"action": "confirm"}, follow=True)
    page = done.content.decode()
    assert "2 hasil resmi baru, 0 diperbarui" in page
    assert "?tahun=2023" in page
    page = client.get(LIST, {"tahun": 2023}).content.decode()
    assert "Kabupaten Banjar" in page and ("67,45" in page or "67.45" in page)
    assert OfficialResult.objects.get(region__code="63.03").source == "Kepmendagri IGA 2023"

    again = client.post(
        IMPORT,
        upload(b"kode;indeks\n63.03;70\n63;50\n", year="2023", source="Kepmendagri IGA 2023"),
    )
    changed = client.get(again["Location"]).content.decode()
    assert "67.45" in changed and "70" in changed  # indeks old → new
    assert "Tidak berubah" in changed  # the province's row

    filtered = client.get(LIST, {"tahun": 2023, "provinsi": "provinsi-sumatera-utara"})
    assert filtered.context["results"] == []
    kalsel = client.get(LIST, {"tahun": 2023, "provinsi": "provinsi-kalimantan-selatan"})
    assert {item.region.code for item in kalsel.context["results"]} == {"63.03", "63"}
    assert kalsel.context["years"][0]["regions"] == 2

    template = client.get(TEMPLATE)
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_form_needs_a_file_and_a_source(personas, client_for):
    client = client_for(personas.platform_admin, None)
    response = client.post(IMPORT, {"source": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"file", "source"}
    assert OfficialResult.objects.count() == 0


@pytest.mark.parametrize("persona", ["admin_a", "province_viewer", "outsider"])
def test_other_people_cannot_see_or_import(personas, client_for, persona):
    client = client_for(getattr(personas, persona), None)
    for url in (LIST, IMPORT, TEMPLATE):
        assert client.get(url).status_code == 403, url
    response = client.post(IMPORT, upload(b"kode,tahun,indeks\n63.03,2023,50\n"))
    assert response.status_code == 403
    assert OfficialResult.objects.count() == 0


def test_anonymous_people_are_sent_to_sign_in(db, client_for):
    client = client_for(None, None)
    for url in (LIST, IMPORT, TEMPLATE):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
    assert client.post(IMPORT, upload(b"kode,tahun,indeks\n63.03,2023,50\n")).status_code == 302
    assert OfficialResult.objects.count() == 0


def test_the_admin_lists_results_and_snapshots_without_editing(personas, client_for):
    run(b"kode,tahun,indeks\n63.03,2023,50\n")
    result = OfficialResult.objects.get()
    client = client_for(personas.platform_admin, None)
    listing = client.get("/admin/rankings/officialresult/", {"year": 2023})
    assert listing.status_code == 200 and "Kabupaten Banjar" in listing.content.decode()
    detail = client.get(f"/admin/rankings/officialresult/{result.pk}/change/")
    assert detail.status_code == 200
    assert 'name="index"' not in detail.content.decode()  # shown, not editable
    assert client.get("/admin/rankings/officialresult/add/").status_code == 403
    assert client.get("/admin/rankings/indexsnapshot/").status_code == 200


# --- region names as lists write them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kota Baubau", "74.72"),
        ("Kota Bau-Bau", "74.72"),
        ("Padangsidempuan", "12.77"),
        ("Labuhan Batu", "12.10"),
        ("Pematang Siantar", "12.72"),
        ("Banjar Baru", "63.72"),
        ("DKI Jakarta", "31"),
        ("DI Yogyakarta", "34"),
        ("Toba Samosir", "12.12"),  # renamed Toba in 2020
        ("Kab. Selayar", "73.01"),  # now Kepulauan Selayar
    ],
)
def test_region_names_in_their_common_variants_are_found(db, written, code):
    outcome = run(f"nama,tahun,indeks\n{written},2023,50\n".encode())
    assert outcome.ok, outcome.errors
    assert (code, 2023) in stored()


def test_an_unknown_region_name_says_what_was_probably_meant(db):
    from django.utils import translation

    outcome = run(b"nama,tahun,indeks\nKota Banjarmasn,2023,50\n")
    assert "Maksud Anda: Kota Banjarmasin?" in outcome.errors[0].message
    with translation.override("en"):
        outcome = run(b"nama,tahun,indeks\nKota Banjarmasn,2023,50\n")
    assert "Did you mean: Kota Banjarmasin?" in outcome.errors[0].message


def test_an_alias_added_by_the_platform_admin_is_understood(db):
    from imports.models import VocabularyAlias

    assert not run(b"nama,tahun,indeks\nBumi Bersujud,2023,50\n").ok
    VocabularyAlias.objects.create(
        vocabulary="region", text="Bumi Bersujud", means="63.10", reason="the region's motto"
    )
    assert run(b"nama,tahun,indeks\nBumi Bersujud,2023,50\n").ok
    assert ("63.10", 2023) in stored()


def test_predicates_in_their_published_forms_are_understood(db):
    outcome = run(
        b"kode,tahun,indeks,predikat\n"
        b"63.03,2023,67.45,SANGAT-INOVATIF\n"
        b"63.10,2023,40,Innovatif\n"
        b"63.11,2023,0,TDD\n"
        b"63.71,2023,20,Kurang Inovatf\n"
    )
    assert problems(outcome) == {(5, "predikat")}
    assert "Maksud Anda: Kurang Inovatif?" in outcome.errors[0].message
    outcome = run(
        b"kode,tahun,indeks,predikat\n63.03,2023,67.45,SANGAT-INOVATIF\n63.11,2023,0,TDD\n"
    )
    assert outcome.ok, outcome.errors
    assert stored()[("63.11", 2023)][1] == "Tidak Dapat Dinilai"


# --- results as they were published ----------------------------------------------------------


def published() -> dict[tuple[str, int], OfficialResult]:
    return {(r.region.code, r.year): r for r in OfficialResult.objects.select_related("region")}


def test_results_are_stored_as_published(db):
    content = (
        b"kode,tahun,indeks,predikat,peringkat,lingkup peringkat,status,sumber\n"
        b"63.03,2022,,Sangat Inovatif,,,,\n"  # a predicate without a number
        b"63.10,2022,48.5,,53/415,,,\n"  # "53/415": among kabupaten, its kind
        b"63.71,2022,40,,peringkat ke-3 dari 13 (dalam provinsi),,sementara,\n"
        b"63,2022,55,,5 dari 38,provinsi,final,Kepmendagri 100.4.4.2-1234\n"
        b"63.11,2022,50,,12,,,\n"  # a plain rank is national
    )
    outcome = run(content)
    assert outcome.ok, outcome.errors
    found = published()
    only_predicate = found[("63.03", 2022)]
    assert (only_predicate.index, only_predicate.predicate_label) == (None, "Sangat Inovatif")
    kabupaten = found[("63.10", 2022)]
    assert (kabupaten.rank, kabupaten.rank_total, kabupaten.rank_scope) == (53, 415, "kabupaten")
    assert kabupaten.national_rank is None
    kota = found[("63.71", 2022)]
    assert (kota.rank, kota.rank_total, kota.rank_scope) == (3, 13, "in_province")
    assert kota.is_provisional
    province = found[("63", 2022)]
    assert (province.rank_scope, province.source) == ("provinsi", "Kepmendagri 100.4.4.2-1234")
    assert found[("63.10", 2022)].source == "BSKDN 2023"  # the file's source where none is given
    assert found[("63.11", 2022)].national_rank == 12


def test_a_predicate_against_its_years_band_is_kept_with_a_warning_in_the_preview(
    personas, client_for
):
    client = client_for(personas.platform_admin, None)
    response = client.post(
        IMPORT, upload(b"kode,tahun,indeks,predikat\n63.03,2023,40,Sangat Inovatif\n")
    )
    page = client.get(response["Location"]).content.decode()
    assert "tidak sesuai batas predikat tahun 2023" in page
    assert "memberi Inovatif" in page
    client.post(response["Location"], {"action": "confirm"})
    assert OfficialResult.objects.get().predicate_label == "Sangat Inovatif"  # as published


def test_unreadable_ranks_scopes_and_statuses_are_explained(db):
    content = (
        b"kode,tahun,indeks,peringkat,lingkup peringkat,status\n"
        b"63.03,2022,50,pertama,,\n"
        b"63.10,2022,50,420/415,,\n"
        b"63.11,2022,50,3,antargalaksi,\n"
        b"63.71,2022,50,,,kira-kira\n"
        b"63.72,2022,,,,\n"
    )
    outcome = run(content)
    assert problems(outcome) == {
        (2, "peringkat"),
        (3, "peringkat"),
        (4, "lingkup peringkat"),
        (5, "status"),
        (6, "indeks"),
    }
    messages = {(e.row, e.column): e.message for e in outcome.errors}
    assert "predikat" in messages[(6, "indeks")]


# --- demo results never stand next to published ones -------------------------------------------


def demo_result(code: str, year: int, index: str = "50.00") -> OfficialResult:
    return OfficialResult.objects.create(
        region=Region.objects.get(code=code),
        year=year,
        index=Decimal(index),
        predicate_code="inovatif",
        predicate_label="Inovatif",
        source="Data demo — bukan hasil resmi Kemendagri",
        is_demo=True,
        imported_at=timezone.now(),
    )


def test_a_real_import_of_a_year_replaces_all_its_demo_results(personas, client_for):
    for code in ("63.03", "63.10", "63.11"):
        demo_result(code, 2023)
    demo_result("63.03", 2022)
    client = client_for(personas.platform_admin, None)
    response = client.post(IMPORT, upload(b"kode,tahun,indeks\n63.10,2023,41.5\n"))
    preview = client.get(response["Location"]).content.decode()
    assert "Tahun 2023: 3 hasil demo (semua daerah) dihapus" in preview
    done = client.post(response["Location"], {"action": "confirm"}, follow=True).content.decode()
    assert "3 hasil demo dihapus" in done
    left = {(r.region.code, r.year, r.is_demo) for r in OfficialResult.objects.all()}
    assert left == {("63.10", 2023, False), ("63.03", 2022, True)}


def test_demo_results_are_cleared_by_the_command_and_the_admin(personas, client_for, capsys):
    demo_result("63.03", 2022)
    demo_result("63.03", 2023)
    demo_result("63.10", 2023)
    real = run(b"kode,tahun,indeks\n63.11,2023,44\n")
    assert real.ok and real.demo_removed == 2  # the 2023 demo rows went with the real import
    call_command("clear_demo_results", "--year", "2024")
    assert OfficialResult.objects.filter(is_demo=True).count() == 1
    demo_result("63.10", 2024)
    client = client_for(personas.platform_admin, None)
    client.post(
        "/admin/rankings/officialresult/",
        {
            "action": "clear_demo_of_years",
            "_selected_action": [OfficialResult.objects.get(year=2024).pk],
        },
    )
    assert list(OfficialResult.objects.filter(is_demo=True).values_list("year", flat=True)) == [
        2022
    ]
    call_command("clear_demo_results")
    assert not OfficialResult.objects.filter(is_demo=True).exists()
    assert OfficialResult.objects.get().region.code == "63.11"  # real results stay
