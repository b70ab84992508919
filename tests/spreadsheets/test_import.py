"""Importing innovations from xlsx: every bad row reported with its reasons while the good ones
go in, nothing half-written when a write fails, re-import idempotent, operators limited to their
own OPD."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from imports.limits import DEFAULT_LIMITS
from tenants.assessment.workflow import fire
from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tenants.spreadsheets import importer
from tenants.spreadsheets.importer import import_innovations
from tests.conftest import make_opd
from tests.registry.helpers import current_report
from tests.spreadsheets.helpers import TITLES, row, upload


def innovations(region) -> list[Innovation]:
    with tenant_context(region):
        return list(Innovation.objects.select_related("opd").order_by("name"))


def cells(result) -> set[tuple[int | None, str]]:
    return {(error.row, error.column) for error in result.errors}


def test_bad_rows_are_all_reported_and_the_good_ones_imported(personas, region_a):
    file = upload(
        [
            row(name="Sepeda Baru"),
            row(name="Dokter Keliling", opd="Dinas Antah Berantah"),
            row(name="Posyandu Digital"),
            row(name="Kartu Sehat", implemented_on="31/02/2025"),
        ]
    )
    result = import_innovations(region=region_a, actor=personas.admin_a, file=file)

    assert not result.ok
    assert cells(result) == {(3, "OPD"), (5, "Waktu penerapan")}
    by_row = {error.row: error.message for error in result.errors}
    assert "Dinas Antah Berantah" in by_row[3]
    assert "31/02/2025" in by_row[5]
    assert [i.name for i in innovations(region_a)] == ["Posyandu Digital", "Sepeda Baru"]
    assert (result.created, result.updated, result.rejected) == (2, 0, 2)


def test_a_good_file_imports_and_importing_it_again_changes_nothing(personas, region_a):
    rows = [
        row(name="Sepeda Baru", other_affairs="Sosial, Koperasi, Usaha Kecil, dan Menengah"),
        row(
            name="Kartu Sehat",
            opd="Dinkes",  # the short name works too
            stage="Uji coba",
            implemented_on=None,
            trial_started_on="2025-01-15",
            is_digital="Non digital",
            budget_amount="Rp 150.000.000",
            latitude=-3.4417,
            longitude="114,8305",
            video_url="https://video.example.test/kartu",
        ),
    ]
    first = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows))
    assert first.ok, first.errors
    assert (first.rows, first.created, first.updated, first.unchanged) == (2, 2, 0, 0)

    kartu, sepeda = innovations(region_a)
    assert sepeda.other_affairs == ["sosial", "koperasi-usaha-kecil-menengah"]
    assert sepeda.implemented_on == date(2025, 3, 1)
    assert sepeda.is_digital is True
    assert kartu.opd == personas.opd_a
    assert (kartu.stage, kartu.trial_started_on) == ("trial", date(2025, 1, 15))
    assert kartu.budget_amount == Decimal(150_000_000)
    assert (kartu.latitude, kartu.longitude) == (Decimal("-3.4417"), Decimal("114.8305"))
    with tenant_context(region_a):
        assert kartu.reports.count() == 1  # the current year's report, as with the form
        created = Change.objects.filter(action="created").count()

    again = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows))
    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(innovations(region_a)) == 2
    with tenant_context(region_a):
        assert Change.objects.filter(action="created").count() == created
        assert not Change.objects.filter(action="updated").exists()

    rows[0] = row(name="sepeda baru", goals="Tujuan yang diperbarui.")  # matched ignoring case
    third = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    names = [innovation.name for innovation in innovations(region_a)]
    assert names == ["Kartu Sehat", "sepeda baru"]
    with tenant_context(region_a):
        assert Change.objects.filter(action="updated").count() == 1


def test_an_operator_may_import_only_their_own_opd(personas, region_a):
    make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    file = upload([row(name="Sepeda Baru"), row(name="Sekolah Ramah", opd="Dinas Pendidikan")])
    result = import_innovations(region=region_a, actor=personas.operator_a, file=file)

    assert cells(result) == {(3, "OPD")}
    assert "OPD Anda sendiri" in result.errors[0].message
    assert [i.name for i in innovations(region_a)] == ["Sepeda Baru"]

    unknown = import_innovations(
        region=region_a, actor=personas.operator_a, file=upload([row(opd="Dinas Baru Sekali")])
    )
    # An operator is never offered to create an OPD: the row is refused and says why.
    assert cells(unknown) == {(2, "OPD")}
    assert "tidak ditemukan" in unknown.errors[0].message


def test_people_without_edit_rights_cannot_import(personas, region_a):
    for user in (personas.verifier_a, personas.leader_a, personas.admin_b):
        with pytest.raises(PermissionDenied):
            import_innovations(region=region_a, actor=user, file=upload([row()]))


def test_every_kind_of_row_problem_is_named(personas, region_a):
    file = upload(
        [
            row(name=None),
            row(name="Tahap Salah", stage="Hampir selesai"),
            row(name="Urusan Salah", affair="Perdukunan", other_affairs="Sosial, Sihir"),
            row(name="Tanpa Tanggal", implemented_on=None),  # a draft's gap, not an error
            row(name="Mundur", trial_started_on=date(2025, 5, 1)),
            row(name="Koordinat", latitude=95, longitude=None),
            row(name="Anggaran", budget_amount="sejuta"),
            None,  # a blank row is skipped, and later row numbers stay as Excel shows them
            row(name="Kembar"),
            row(name="KEMBAR"),
            row(name="Tautan", video_url="bukan tautan"),
        ]
    )
    result = import_innovations(region=region_a, actor=personas.admin_a, file=file)
    assert cells(result) == {
        (2, "Nama inovasi"),
        (3, "Tahapan"),
        (4, "Urusan"),
        (4, "Urusan lain"),
        (6, "Waktu penerapan"),
        (7, "Lintang"),
        (8, "Anggaran"),
        (11, "Nama inovasi"),
        (12, "Tautan video"),
    }
    messages = {(error.row, error.column): error.message for error in result.errors}
    assert "Sihir" in messages[(4, "Urusan lain")]
    assert "baris 10" in messages[(11, "Nama inovasi")]
    assert "Penerapan" in messages[(3, "Tahapan")]  # the allowed values are listed
    assert [i.name for i in innovations(region_a)] == ["Kembar", "Tanpa Tanggal"]


def test_a_submitted_innovation_cannot_change_through_an_import(personas, region_a):
    first = import_innovations(region=region_a, actor=personas.admin_a, file=upload([row()]))
    assert first.created == 1
    innovation = innovations(region_a)[0]
    fire(
        "submit",
        region=region_a,
        actor=personas.operator_a,
        report=current_report(region_a, innovation),
    )

    same = import_innovations(region=region_a, actor=personas.admin_a, file=upload([row()]))
    assert (same.ok, same.unchanged) == (True, 1)

    changed = import_innovations(
        region=region_a, actor=personas.admin_a, file=upload([row(goals="Diubah.")])
    )
    assert cells(changed) == {(2, "")}
    assert "diajukan" in changed.errors[0].message
    assert "Tujuan" in changed.errors[0].message  # the field that would change is named
    assert innovations(region_a)[0].goals == "Menurunkan angka kematian ibu."


def test_files_that_are_not_usable_xlsx_are_refused(personas, region_a, monkeypatch):
    def run(file):
        return import_innovations(region=region_a, actor=personas.admin_a, file=file)

    csv = SimpleUploadedFile("inovasi.xlsx", b"Nama inovasi,OPD\nA,B\n", "text/csv")
    assert "bukan xlsx" in run(csv).errors[0].message
    broken = SimpleUploadedFile("inovasi.xlsx", b"PK\x03\x04 not really a zip", "application/zip")
    assert "rusak" in run(broken).errors[0].message
    missing = run(upload([row()], titles=[title for title in TITLES if title != "OPD"]))
    assert cells(missing) == {(1, "OPD")}
    assert "tidak ada" in run(upload([])).errors[0].message.lower()

    def limited(file, **limits):
        return import_innovations(
            region=region_a,
            actor=personas.admin_a,
            file=file,
            limits=dataclasses.replace(DEFAULT_LIMITS, **limits),
        )

    assert "terlalu besar" in limited(upload([row()]), max_bytes=1000).errors[0].message
    many = [row(name=f"Inovasi {n}") for n in range(3)]
    assert "lebih dari 2 baris" in limited(upload(many), max_rows=2).errors[0].message
    assert innovations(region_a) == []


def test_the_page_refuses_an_unreadable_file_and_says_nothing_was_saved(
    personas, region_a, client_for
):
    client = client_for(personas.admin_a, region_a)
    file = upload([row()], titles=[title for title in TITLES if title != "Nama inovasi"])
    response = client.post("/impor-ekspor/", {"file": file})
    assert response.status_code == 200
    page = response.content.decode()
    assert "tidak ada data yang disimpan" in page
    assert "Kolom wajib tidak ada" in page
    assert innovations(region_a) == []


def test_the_page_offers_import_only_to_editors(personas, region_a, client_for):
    verifier = client_for(personas.verifier_a, region_a)
    page = verifier.get("/impor-ekspor/")
    assert page.status_code == 200
    assert b"Unduh templat" not in page.content
    assert b"Ekspor Excel (.xlsx)" in page.content and b"Ekspor CSV" in page.content
    assert verifier.post("/impor-ekspor/", {"file": upload([row()])}).status_code == 403
    assert verifier.get("/impor-ekspor/templat/").status_code == 403
    assert client_for(personas.admin_b, region_a).get("/impor-ekspor/").status_code == 403


def test_a_failure_while_writing_keeps_nothing(personas, region_a, monkeypatch):
    """Someone takes a name between the check and the write: the whole import rolls back, and
    the row whose name was taken is named."""
    from tenants.innovations.services import innovation_create

    real_plan = importer.plan_innovations

    def plan_then_someone_else_writes(**kwargs):
        planned = real_plan(**kwargs)
        data = {key: value for key, value in planned.rows[1].data.items()}
        innovation_create(region=region_a, actor=None, data=data)  # "Kedua", meanwhile
        return planned

    monkeypatch.setattr(importer, "plan_innovations", plan_then_someone_else_writes)
    file = upload([row(name="Pertama"), row(name="Kedua")])
    result = import_innovations(region=region_a, actor=personas.admin_a, file=file)
    assert cells(result) == {(3, "Nama inovasi")}
    assert result.failed
    assert [i.name for i in innovations(region_a)] == ["Kedua"]  # only the other writer's
    with tenant_context(region_a):
        assert Change.objects.count() == 1
