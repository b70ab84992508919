"""Export jobs over the API (issue #20): ask for a file, poll the job, fetch the file a worker
wrote. The worker's part is the pipeline runner itself (tests.effects.apply_effects), the loop
a Celery worker runs; the files are read back as a person would open them."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from imports.exports import process_export, prune_expired_exports
from imports.models import ExportJob
from pipeline.models import PendingEffect
from tests.conftest import make_opd
from tests.effects import apply_effects
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ask(client, **body):
    response = client.post(EXPORTS, body, format="json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"] == job["url"]
    return job


def run_worker() -> None:
    apply_effects(only={"imports.export"})


def fetch(client, job) -> bytes:
    polled = client.get(job["url"])
    assert polled.status_code == 200
    assert polled.json()["status"] == "done", polled.json()
    response = client.get(polled.json()["file_url"])
    assert response.status_code == 200, response.content
    assert polled.json()["filename"] in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert polled.json()["size"] == len(body)
    return body


def innovation_names(workbook_bytes: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(workbook_bytes), read_only=True)["Inovasi"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Nama inovasi")
    return {row[column] for row in rows[1:]}


@pytest.fixture
def two_opds(personas, region_a):
    other = make_opd(region_a, "Dinas Pendidikan")
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Posyandu Keliling")
    make_innovation(region_a, personas.admin_a, other, name="Sekolah Terbuka")
    return other


def test_an_innovations_export_is_queued_durably_then_written_once(
    personas, region_a, api_for, two_opds
):
    admin = api_for(personas.admin_a, region_a, token=True)
    job = ask(admin, kind="innovations", file_type="xlsx")
    assert job["status"] == "queued" and job["file_url"] is None
    assert job["parameters"]["year"] >= 2000
    # The job and the promise of its work were written in the request's transaction.
    stored = ExportJob.objects.get(public_id=job["id"])
    assert PendingEffect.objects.filter(effect="imports.export", target=str(stored.pk)).exists()
    early = admin.get(f"{job['url']}file/")
    assert early.status_code == 409 and early.json()["error"]["code"] == "export_not_ready"

    run_worker()
    body = fetch(admin, job)
    assert innovation_names(body) == {"Posyandu Keliling", "Sekolah Terbuka"}
    assert not PendingEffect.objects.filter(effect="imports.export").exists()


def test_an_opd_operator_gets_their_opds_innovations_as_on_the_page(
    personas, region_a, api_for, client_for, two_opds
):
    operator = api_for(personas.operator_a, region_a)
    job = ask(operator, kind="innovations", file_type="csv")
    run_worker()
    text = fetch(operator, job).decode("utf-8-sig")
    names = {row[2] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]}
    assert "Posyandu Keliling" in text and "Sekolah Terbuka" not in text, names
    # The page gives the operator exactly the same rows.
    page = client_for(personas.operator_a, region_a).get("/impor-ekspor/ekspor/?format=csv")
    assert (
        b"".join(page.streaming_content).decode("utf-8-sig").splitlines()[1:]
        == (text.splitlines()[1:])
    )


def test_the_submission_package_holds_the_sheet_and_the_evidence(personas, region_a, api_for):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a, name="Sepeda Baru")
    report = current_report(region_a, innovation)
    answer_with_pdf(region_a, personas.admin_a, report, "SID-16", 3)
    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="package", year=report.year)
    assert job["file_type"] == "zip"
    run_worker()
    package = zipfile.ZipFile(io.BytesIO(fetch(admin, job)))
    names = package.namelist()
    assert f"inovasi-banjar-{report.year}.xlsx" in names and "README.txt" in names
    assert any(
        name.startswith("01-sepeda-baru/SID-16-") and name.endswith(".pdf") for name in names
    )
    xlsx = package.read(f"inovasi-banjar-{report.year}.xlsx")
    assert innovation_names(xlsx) == {"Sepeda Baru"}


def test_the_change_history_export_needs_the_right_to_read_the_history(
    personas, region_a, api_for, two_opds
):
    leader = api_for(personas.leader_a, region_a)
    job = ask(leader, kind="history", file_type="xlsx")
    run_worker()
    sheet = load_workbook(io.BytesIO(fetch(leader, job)), read_only=True).worksheets[0]
    innovations = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Posyandu Keliling", "Sekolah Terbuka"} <= innovations
    # An OPD operator may not read the history: no job, as the page refuses the export.
    operator = api_for(personas.operator_a, region_a)
    refused = operator.post(EXPORTS, {"kind": "history"}, format="json")
    assert refused.status_code == 403
    assert not ExportJob.objects.filter(created_by=personas.operator_a).exists()


def test_a_ranking_on_the_public_site_for_anyone_signed_in(personas, api_for):
    outsider = api_for(personas.outsider, None)
    job = ask(outsider, kind="rankings", level="provinsi", file_type="csv")
    assert job["parameters"]["level"] == "provinsi"
    run_worker()
    text = fetch(outsider, job).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Peringkat", "Kode", "Daerah"]
    assert len(rows) - 1 == 38  # every provinsi
    # Anonymous visitors use the page's download; a region's own exports need its site.
    assert api_for(None, None).post(EXPORTS, {"kind": "rankings"}, format="json").status_code in (
        401,
        403,
    )
    elsewhere = outsider.post(EXPORTS, {"kind": "innovations"}, format="json")
    assert elsewhere.status_code == 400 and "kind" in elsewhere.json()["error"]["fields"]
    unknown = outsider.post(
        EXPORTS, {"kind": "rankings", "province": "provinsi-atlantis"}, format="json"
    )
    assert unknown.status_code == 400 and "province" in unknown.json()["error"]["fields"]


def test_only_the_author_reaches_a_job_on_the_site_it_was_asked_on(
    personas, region_a, region_b, api_for
):
    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="innovations")
    run_worker()
    address = f"{EXPORTS}{job['id']}/"
    for other in (
        api_for(personas.verifier_a, region_a),  # another user of the same region
        api_for(personas.admin_a, region_b),  # the author, on another region's site
        api_for(personas.admin_a, None),  # the author, on the public site
    ):
        for path in (address, f"{address}file/"):
            assert other.get(path).status_code in (403, 404), path
        assert other.delete(address).status_code in (403, 404)
    assert api_for(personas.verifier_a, region_a).get(address).status_code == 404
    # Lists show one's own jobs on this site only.
    assert [item["id"] for item in admin.get(EXPORTS).json()["results"]] == [job["id"]]
    assert api_for(personas.verifier_a, region_a).get(EXPORTS).json()["count"] == 0
    assert api_for(personas.admin_a, None).get(EXPORTS).json()["count"] == 0
    # Another region's admin is not let in at all.
    assert api_for(personas.admin_b, region_a).get(address).status_code == 403
    assert admin.get(f"{address}file/").status_code == 200
    assert admin.delete(address).status_code == 204
    assert admin.get(address).status_code == 404
    assert not ExportJob.objects.filter(public_id=job["id"]).exists()


def test_a_job_whose_effect_runs_twice_is_written_once(personas, region_a, api_for, two_opds):
    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="innovations", file_type="csv")
    stored = ExportJob.objects.get(public_id=job["id"])
    delivery = SimpleNamespace(target=str(stored.pk))
    process_export(delivery)
    stored.refresh_from_db()
    first_name, finished = stored.file.name, stored.finished_at
    process_export(delivery)  # a redelivered effect
    run_worker()  # and the pipeline's own row
    stored.refresh_from_db()
    assert (stored.status, stored.file.name, stored.finished_at) == ("done", first_name, finished)
    _folders, files = stored.file.storage.listdir(f"exports/{stored.public_id}")
    assert files == [stored.filename]


def test_an_attempt_that_did_not_commit_leaves_no_second_file(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="innovations", file_type="csv")
    stored = ExportJob.objects.get(public_id=job["id"])
    # What a worker killed after writing the file but before its commit leaves on disk.
    stored.file.storage.save(
        f"exports/{stored.public_id}/{stored.pk}-partial.csv", io.BytesIO(b"x")
    )
    run_worker()
    stored.refresh_from_db()
    _folders, files = stored.file.storage.listdir(f"exports/{stored.public_id}")
    assert files == [stored.filename] and stored.status == "done"


def test_a_job_fails_when_its_author_lost_the_right_before_the_worker_ran(
    personas, region_a, api_for
):
    from accounts.models import Membership

    leader = api_for(personas.leader_a, region_a)
    job = ask(leader, kind="history")
    Membership.objects.filter(user=personas.leader_a, region=region_a).update(
        role="province_viewer"
    )
    run_worker()
    stored = ExportJob.objects.get(public_id=job["id"])
    assert stored.status == "failed" and stored.error and not stored.file


def test_expired_jobs_are_pruned_with_their_files(personas, region_a, api_for, settings):
    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="innovations", file_type="csv")
    run_worker()
    stored = ExportJob.objects.get(public_id=job["id"])
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    assert stored.expires_at - stored.finished_at == timedelta(hours=settings.EXPORT_KEEP_HOURS)
    assert prune_expired_exports() == 0
    ExportJob.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    # Past its time it is gone for its author at once, and from the disk at the next prune.
    assert admin.get(job["url"]).status_code == 404
    assert prune_expired_exports() == 1
    assert not ExportJob.objects.filter(pk=stored.pk).exists() and not storage.exists(name)
    assert not storage.exists(f"exports/{stored.public_id}")  # no empty folder left either


def test_the_files_of_a_job_deleted_with_its_author_are_pruned(personas, region_a, api_for):
    job = ask(api_for(personas.admin_a, region_a), kind="innovations", file_type="csv")
    run_worker()
    stored = ExportJob.objects.get(public_id=job["id"])
    storage, name = stored.file.storage, stored.file.name
    kept = ask(api_for(personas.verifier_a, region_a), kind="innovations", file_type="csv")
    run_worker()
    personas.admin_a.delete()  # the job goes with the account, its file does not
    assert storage.exists(name)
    assert prune_expired_exports() == 0
    assert not storage.exists(name)
    assert not storage.exists(f"exports/{stored.public_id}")
    assert api_for(personas.verifier_a, region_a).get(f"{kept['url']}file/").status_code == 200


def test_too_many_waiting_jobs_are_refused(personas, region_a, api_for, settings):
    settings.EXPORT_MAX_ACTIVE_JOBS = 2
    admin = api_for(personas.admin_a, region_a)
    ask(admin, kind="innovations")
    ask(admin, kind="history")
    refused = admin.post(EXPORTS, {"kind": "package"}, format="json")
    assert refused.status_code == 429
    run_worker()
    ask(admin, kind="package")  # done jobs no longer count


def test_a_read_only_token_cannot_ask_for_an_export(personas, region_a, api_for):
    from tests.conftest import make_token

    reader = api_for(None, region_a, token=make_token(personas.admin_a, read_only=True))
    refused = reader.post(EXPORTS, {"kind": "innovations"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "token_read_only"


def test_the_platform_admin_lists_export_jobs_read_only(personas, region_a, api_for, client_for):
    from django.urls import reverse

    ask(api_for(personas.admin_a, region_a), kind="history")
    operator = client_for(personas.platform_admin, None)
    listing = reverse("admin:imports_exportjob_changelist", urlconf="lumbung.urls_public")
    page = operator.get(listing)
    assert page.status_code == 200 and b"history" in page.content
    job = ExportJob.objects.get(created_by=personas.admin_a)
    detail = reverse("admin:imports_exportjob_delete", args=[job.pk], urlconf="lumbung.urls_public")
    assert operator.post(detail, {"post": "yes"}).status_code == 403
    assert ExportJob.objects.filter(pk=job.pk).exists()


def test_a_job_a_worker_is_writing_shows_running_with_its_progress(personas, region_a, api_for):
    from django.core.cache import cache

    from imports.exports import _claim, progress_key

    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="package")
    stored = ExportJob.objects.get(public_id=job["id"])
    assert admin.get(job["url"]).json()["status"] == "queued"
    _claim(stored.pk)  # a worker took it (committed) and writes the file with no transaction open
    cache.set(progress_key(stored), (3, 10))  # what it reports meanwhile
    try:
        polled = admin.get(job["url"]).json()
        assert (polled["status"], polled["progress"]) == ("running", {"done": 3, "total": 10})
    finally:
        cache.delete(progress_key(stored))
    run_worker()
    polled = admin.get(job["url"]).json()
    assert (polled["status"], polled["progress"]) == ("done", None)


def test_a_run_that_died_while_writing_is_taken_over_and_written_once(personas, region_a, api_for):
    """A worker that died after claiming the job and storing part of its file left it running,
    with its effect still due: the next run writes it again, replacing what was stored."""
    from imports.exports import _claim

    admin = api_for(personas.admin_a, region_a)
    job = ask(admin, kind="innovations", file_type="csv")
    stored = ExportJob.objects.get(public_id=job["id"])
    _claim(stored.pk)
    stored.file.storage.save(f"exports/{stored.public_id}/sebagian.csv", io.BytesIO(b"x"))
    assert admin.get(job["url"]).json()["status"] == "running"
    run_worker()
    stored.refresh_from_db()
    _folders, files = stored.file.storage.listdir(f"exports/{stored.public_id}")
    assert stored.status == "done" and files == [stored.filename]
    assert fetch(admin, job).decode("utf-8-sig").startswith("No;")
