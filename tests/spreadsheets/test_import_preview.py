"""The import page shows what a file would do before anything is written, applies it only when
its author confirms, never erases a stored value because a cell is blank, and lets a verified
innovation through when nothing in it would change."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from imports.models import ImportRun, RunStatus
from tenants.assessment.workflow import fire
from tenants.innovations.models import Innovation
from tenants.innovations.services import innovation_update
from tenants.organization.models import OpdUnit
from tenants.spreadsheets.importer import import_innovations
from tests.registry.helpers import answer_mandatory, current_report
from tests.spreadsheets.helpers import TITLES, row, upload


def names(region) -> list[str]:
    with tenant_context(region):
        return sorted(Innovation.objects.values_list("name", flat=True))


def the_innovation(region, name="SEPEDA BARU") -> Innovation:
    with tenant_context(region):
        return Innovation.objects.get(name=name)


def preview_of(client, file) -> tuple[str, str]:
    """Upload; returns the run's URL and the preview page."""
    response = client.post("/impor-ekspor/", {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    url = response["Location"]
    return url, client.get(url).content.decode()


def test_nothing_is_written_until_the_author_confirms_and_only_once(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    url, page = preview_of(client, upload([row(name="Sepeda Baru"), row(name="Kartu", opd="X")]))
    assert "Pratinjau impor" in page
    assert "Baru" in page
    assert names(region_a) == []  # a preview writes nothing

    done = client.post(url, {"action": "confirm"}, follow=True).content.decode()
    assert "Impor diterapkan." in done
    assert "1 inovasi baru" in done
    assert names(region_a) == ["Sepeda Baru"]
    # A second click (or a replayed request) applies nothing again.
    client.post(url, {"action": "confirm"})
    assert names(region_a) == ["Sepeda Baru"]
    run = ImportRun.objects.get()
    assert (run.status, bytes(run.content)) == (RunStatus.APPLIED, b"")


def test_a_run_is_reachable_only_by_its_author_in_its_region(personas, region_a, client_for):
    url, _page = preview_of(client_for(personas.admin_a, region_a), upload([row()]))
    for user, region in (
        (personas.operator_a, region_a),  # another user of the same region
        (personas.admin_b, None),  # another region's admin, on the public site
        (personas.verifier_a, region_a),
    ):
        other = client_for(user, region)
        assert other.get(url).status_code in (403, 404)
        assert other.post(url, {"action": "confirm"}).status_code in (403, 404)
    assert names(region_a) == []


def test_discarding_forgets_the_file(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    url, _page = preview_of(client, upload([row()]))
    client.post(url, {"action": "discard"})
    run = ImportRun.objects.get()
    assert (run.status, bytes(run.content)) == (RunStatus.DISCARDED, b"")
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert names(region_a) == []


def test_a_preview_that_no_longer_holds_is_shown_again_not_applied(personas, region_a, client_for):
    import_innovations(region=region_a, actor=personas.admin_a, file=upload([row()]))
    client = client_for(personas.admin_a, region_a)
    url, page = preview_of(client, upload([row(goals="Tujuan dari berkas.")]))
    assert "Tujuan dari berkas." in page
    # Someone edits the innovation in the form meanwhile.
    innovation_update(
        region=region_a,
        actor=personas.admin_a,
        innovation=the_innovation(region_a),
        data={"goals": "Diketik di formulir."},
    )
    again = client.post(url, {"action": "confirm"}, follow=True).content.decode()
    assert "Data berubah sejak pratinjau" in again
    assert "Diketik di formulir." in again  # the new preview shows the new old value
    assert the_innovation(region_a).goals == "Diketik di formulir."


def test_a_blank_cell_keeps_what_was_typed_and_clearing_is_explicit(personas, region_a, client_for):
    import_innovations(region=region_a, actor=personas.admin_a, file=upload([row()]))
    innovation_update(
        region=region_a,
        actor=personas.admin_a,
        innovation=the_innovation(region_a),
        data={"goals": "Tujuan yang diketik.", "benefits": "Manfaat yang diketik."},
    )
    blank = import_innovations(
        region=region_a, actor=personas.admin_a, file=upload([row(goals=None, benefits="-")])
    )
    assert (blank.updated, blank.unchanged) == (0, 1)
    innovation = the_innovation(region_a)
    assert (innovation.goals, innovation.benefits) == (
        "Tujuan yang diketik.",
        "Manfaat yang diketik.",
    )

    client = client_for(personas.admin_a, region_a)
    url, page = preview_of(client, upload([row(goals="[kosongkan]", benefits=None)]))
    assert "Tujuan yang diketik." in page  # old → (kosong)
    assert "(kosong)" in page
    client.post(url, {"action": "confirm"})
    innovation = the_innovation(region_a)
    assert (innovation.goals, innovation.benefits) == ("", "Manfaat yang diketik.")


def test_an_unchanged_export_goes_through_a_verified_innovation(personas, region_a):
    import_innovations(region=region_a, actor=personas.admin_a, file=upload([row()]))
    innovation = the_innovation(region_a)
    report = current_report(region_a, innovation)
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    answer_mandatory(region_a, report)
    fire(
        "verify",
        region=region_a,
        actor=personas.verifier_a,
        report=current_report(region_a, innovation),
    )

    # Blank cells and identical values are not changes: the whole sheet goes in.
    same = import_innovations(
        region=region_a,
        actor=personas.admin_a,
        file=upload([row(goals=None, results=None), row(name="Inovasi Lain")]),
    )
    assert same.ok, same.errors
    assert (same.unchanged, same.created) == (1, 1)

    changed = import_innovations(
        region=region_a, actor=personas.admin_a, file=upload([row(benefits="Lain.")])
    )
    assert "terverifikasi" in changed.errors[0].message
    assert "Manfaat" in changed.errors[0].message


def test_the_admin_may_create_an_unknown_opd_from_the_preview(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)
    rows = [
        row(name="Sekolah Ramah", opd="Dinas Pendidikan dan Kebudayaan Kabupaten Banjar"),
        row(name="Lain Lagi", opd="Kecamatan Martapura"),
    ]
    url, page = preview_of(client, upload(rows))
    assert "Buat OPD “Dinas Pendidikan dan Kebudayaan”" in page  # the region's name stripped
    assert "Kecamatan Martapura" in page
    client.post(url, {"action": "confirm", "create_opd": "Dinas Pendidikan dan Kebudayaan"})
    assert names(region_a) == ["Sekolah Ramah"]
    with tenant_context(region_a):
        assert OpdUnit.objects.filter(name="Dinas Pendidikan dan Kebudayaan").exists()
        assert not OpdUnit.objects.filter(name="Kecamatan Martapura").exists()
    result = ImportRun.objects.get().result
    assert result["opds_created"] == ["Dinas Pendidikan dan Kebudayaan"]
    assert result["rejected"] == 1


def test_a_formula_without_a_stored_result_is_reported_not_emptied(personas, region_a):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(TITLES)
    values = row(budget_amount="=1000*150")
    sheet.append([values.get(title) for title in TITLES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("inovasi.xlsx", buffer.getvalue())
    result = import_innovations(region=region_a, actor=personas.admin_a, file=file)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Anggaran")]
    assert "rumus" in result.errors[0].message.lower()
    assert names(region_a) == []


def test_a_big_file_is_checked_and_applied_by_a_worker_once(
    personas, region_a, client_for, settings
):
    from imports.runs import process_run
    from tests.effects import apply_effects

    settings.IMPORT_BACKGROUND_ROWS = 1  # two rows count as big here
    client = client_for(personas.admin_a, region_a)
    response = client.post("/impor-ekspor/", {"file": upload([row(), row(name="Kedua")])})
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "sedang diperiksa" in page and 'hx-trigger="every 2s"' in page
    run = ImportRun.objects.get()
    assert run.status == RunStatus.CHECKING

    apply_effects(only={"imports.run"})
    page = client.get(url).content.decode()
    assert "Terapkan 2 baris" in page
    assert names(region_a) == []

    client.post(url, {"action": "confirm"})
    assert ImportRun.objects.get().status == RunStatus.APPLYING
    assert "sedang diterapkan" in client.get(url).content.decode()
    apply_effects(only={"imports.run"})
    assert names(region_a) == ["Kedua", "SEPEDA BARU"]
    # A redelivered effect finds the work done.
    process_run(type("Job", (), {"target": str(run.pk)})())
    assert names(region_a) == ["Kedua", "SEPEDA BARU"]
    assert ImportRun.objects.get().status == RunStatus.APPLIED
    index = client.get("/impor-ekspor/").content.decode()
    assert "Impor terakhir Anda" in index and "Diterapkan" in index


def test_an_abandoned_preview_is_forgotten_after_a_week(personas, region_a, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from imports.tasks import forget_stale_runs_task

    preview_of(client_for(personas.admin_a, region_a), upload([row()]))
    ImportRun.objects.update(created_at=timezone.now() - timedelta(days=8))
    assert forget_stale_runs_task() == 1
    run = ImportRun.objects.get()
    assert (run.status, bytes(run.content)) == (RunStatus.DISCARDED, b"")
    assert forget_stale_runs_task() == 0


def test_a_heavy_file_goes_to_a_worker_uncounted_and_a_bad_one_says_why_there(
    personas, region_a, client_for, settings
):
    from tests.effects import apply_effects

    settings.IMPORT_BACKGROUND_BYTES = 100  # every upload is "heavy" here
    client = client_for(personas.admin_a, region_a)
    good = client.post("/impor-ekspor/", {"file": upload([row()])})
    assert ImportRun.objects.get().status == RunStatus.CHECKING
    missing_name = upload([row()], titles=[title for title in TITLES if title != "Nama inovasi"])
    bad = client.post("/impor-ekspor/", {"file": missing_name})
    apply_effects(only={"imports.run"})
    assert "Terapkan 1 baris" in client.get(good["Location"]).content.decode()
    page = client.get(bad["Location"]).content.decode()
    assert "dibatalkan" in page and "Kolom wajib tidak ada" in page
