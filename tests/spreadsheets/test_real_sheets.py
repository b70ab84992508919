"""Sheets as regions really write them: few columns, abbreviations, OPD names with the region's
name appended, Indonesian and partial dates, "Belum ditentukan" — they go in as drafts, and what
the national form still needs is asked at submission, not at import."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.innovations.models import Innovation
from tenants.innovations.validation import completeness_gaps
from tenants.organization.services import opd_add_standard_units
from tenants.spreadsheets.importer import import_innovations
from tests.spreadsheets.helpers import upload

# The columns a typical published list has (name, OPD, a year or date, sometimes a stage).
FEW = [
    "Nama inovasi",
    "OPD",
    "Tahapan",
    "Waktu penerapan",
    "Urusan",
    "Bentuk",
    "Inisiator",
    "Jenis",
]


def sheet_row(
    name, opd, stage=None, implemented=None, affair=None, form=None, initiator=None, jenis=None
):
    values = (name, opd, stage, implemented, affair, form, initiator, jenis)
    return dict(zip(FEW, values, strict=True))


def saved(region) -> dict[str, Innovation]:
    with tenant_context(region):
        return {i.name: i for i in Innovation.objects.select_related("opd")}


def test_a_faithful_regional_list_imports_without_errors(personas, region_a, client_for):
    opd_add_standard_units(region=region_a)
    rows = [
        sheet_row(
            "Jemput Bola Adminduk",
            "Dukcapil",
            "Ujicoba",
            "2 Februari 2021",
            "Adminduk",
            "Pelayanan Publik",
            "Bupati",
            "Belum ditentukan",
        ),
        sheet_row(
            "SIPANDU",
            "Bappedalitbang",
            "Penerapan",
            "Februari 2021",
            "Perencanaan Pembangunan",
            "Tata Kelola Pemerintahan",
            "Kepala OPD",
            "Digital",
        ),
        sheet_row("Kominfo Menyapa", "Dinas Kominfo", None, "2021", "Kominfo"),
        sheet_row(
            "Posyandu Keliling",
            "Dinas Kesehatan Kabupaten Banjar",
            "Inisiasi",
            None,
            "Kesehatan",
            "Inovasi Daerah Lainnya",
            "Perangkat Daerah",
        ),
        sheet_row("Jalan Mulus", "Dinas PUPR", "Implementasi", "2021/02/02", "Pekerjaan Umum"),
        sheet_row("Lumbung Desa", "DKP", None, "IGA 2023", "Ketahanan Pangan"),
        sheet_row("Pajak Online", "Bapenda", None, None, "Pendapatan Daerah"),
        sheet_row("Kas Daerah Digital", "BPKAD", None, None, "Keuangan Daerah"),
        sheet_row("Capil Keliling", "Disdukcapil", None, None, "Kependudukan dan Pencatatan Sipil"),
        sheet_row("Tanpa Apa-apa", "Setda"),
        sheet_row("Puskesmas Ramah", "Puskesmas", "Belum ditentukan", None, "Belum ditentukan"),
    ]
    result = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows, FEW))
    assert result.ok, result.errors
    assert result.created == 11

    found = saved(region_a)
    adminduk = found["Jemput Bola Adminduk"]
    assert adminduk.opd.short_name == "Disdukcapil"
    assert (adminduk.stage, adminduk.initiator, adminduk.form) == (
        "trial",
        "regional_head",
        "public_service",
    )
    assert adminduk.is_digital is None  # "Belum ditentukan" is an answer: unknown
    assert adminduk.implemented_text == "2 Februari 2021"
    sipandu = found["SIPANDU"]
    assert sipandu.opd.short_name == "Bappeda"
    assert (sipandu.implemented_on, sipandu.implemented_text) == (date(2021, 2, 1), "Februari 2021")
    assert found["Kominfo Menyapa"].implemented_text == "2021"
    assert found["Kominfo Menyapa"].opd.short_name == "Diskominfo"
    assert found["Posyandu Keliling"].opd.name == "Dinas Kesehatan"
    assert found["Jalan Mulus"].implemented_on == date(2021, 2, 2)
    assert found["Lumbung Desa"].implemented_text == "2023"
    assert found["Lumbung Desa"].affair == "pangan"
    assert found["Puskesmas Ramah"].opd.name == "UPT Puskesmas"
    bare = found["Tanpa Apa-apa"]
    assert (bare.stage, bare.form, bare.affair, bare.is_digital) == ("", "", "", None)
    # What the national form still needs is listed for submission, not refused at import.
    assert {"stage", "initiator", "is_digital", "form", "affair"} <= set(
        completeness_gaps(vars(bare))
    )
    # The dashboard counts the drafts that do not say their stage yet.
    dashboard = client_for(personas.admin_a, region_a).get("/dasbor/").content.decode()
    assert "Belum ditentukan" in dashboard


def test_a_partial_date_is_compared_by_its_period(personas, region_a):
    rows = [
        dict(
            zip(
                ["Nama inovasi", "OPD", "Tahapan", "Waktu uji coba", "Waktu penerapan"],
                ["Sama Tahun", "Dinas Kesehatan", "Penerapan", "2 Februari 2021", "2021"],
                strict=True,
            )
        ),
        dict(
            zip(
                ["Nama inovasi", "OPD", "Tahapan", "Waktu uji coba", "Waktu penerapan"],
                ["Mundur", "Dinas Kesehatan", "Penerapan", "Maret 2022", "2021"],
                strict=True,
            )
        ),
    ]
    titles = ["Nama inovasi", "OPD", "Tahapan", "Waktu uji coba", "Waktu penerapan"]
    result = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows, titles))
    # "2021" may well be after 2 February 2021; 2021 is surely before March 2022.
    assert [(e.row, e.column) for e in result.errors] == [(3, "Waktu penerapan")]
    assert "Sama Tahun" in saved(region_a)


def test_unknown_opd_gets_did_you_mean_in_both_languages(personas, region_a):
    opd_add_standard_units(region=region_a)
    rows = [sheet_row("Satu", "Dinas Kesehatn")]
    result = import_innovations(region=region_a, actor=personas.operator_a, file=upload(rows, FEW))
    assert "Maksud Anda: Dinas Kesehatan?" in result.errors[0].message
    with translation.override("en"):
        result = import_innovations(
            region=region_a, actor=personas.operator_a, file=upload(rows, FEW)
        )
    assert "not found" in result.errors[0].message
    assert "Did you mean: Dinas Kesehatan?" in result.errors[0].message


def test_a_published_list_with_a_title_above_its_header_imports(personas, region_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hostile_files import workbook_bytes

    content = workbook_bytes(
        [
            ["DAFTAR INOVASI DAERAH KABUPATEN BANJAR TAHUN 2023"],
            [],
            ["No", "Judul Inovasi", "Perangkat Daerah", "Tahun Penerapan", "Keterangan"],
            [1, "Posyandu Digital", "Dinkes Kab. Banjar", "2021", "lanjut"],
            [2, "Sekolah Ramah Anak", "Dinas Kesehatan", "Maret 2022", ""],
        ]
    )
    result = import_innovations(
        region=region_a, actor=personas.admin_a, file=SimpleUploadedFile("daftar.xlsx", content)
    )
    assert result.ok, result.errors
    found = saved(region_a)
    assert found["Posyandu Digital"].implemented_text == "2021"
    assert found["Sekolah Ramah Anak"].implemented_text == "Maret 2022"


def test_no_heading_is_accepted_for_two_columns():
    from imports.headers import header_key
    from tenants.spreadsheets.columns import COLUMNS

    owner: dict[str, str] = {}
    for column in COLUMNS:
        for title in (column.title, *column.aliases, column.key):
            assert owner.setdefault(header_key(title), column.key) == column.key, title
