"""Benchmark: importing a 500-row xlsx of innovations as the page does it (preview, then the
confirmation), importing it again, exporting it; and a 5,000-row file as a background job (the
web request, the worker's check, the confirmation, the worker's apply).

    PYTHONPATH=platform:. .venv/bin/python bench/registry_import.py [--rows 500] [--opds 20]
        [--background-rows 5000] [--keep]

Like bench/activation.py, it uses a database of its own on the server of DATABASE_URL (or the
local default), dropped and created fresh so the figures start from nothing: here
lumbung_bench_import, so it never clobbers activation's lumbung_bench; dropped again at the end
unless --keep, and its uploads (a temporary media folder) removed. It migrates the public schema, activates one region (Banjar), adds OPD units and a region admin, then measures through
the real services. Prints one line per measurement.
Targets (issue #12): 500 rows < 5 s (preview + confirmation); 5,000 rows < 30 s as a background
job, the web request returning at once.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import date, timedelta

from _setup import Bench

REGION = "banjar"
DESIGN = " ".join(["Rancang bangun inovasi pelayanan publik yang terukur dan berkelanjutan."] * 40)
# Evidence and uploads of the bench stay out of the development data, and are removed at the end.
BENCH = Bench("lumbung_bench_import", media_root=tempfile.mkdtemp(prefix="lumbung-bench-import-"))


def migrate() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", "--noinput", verbosity=0)
    return time.perf_counter() - started


def prepare(opd_count: int):
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, Role, User
    from regions.activation import activate_regions
    from regions.models import Region
    from tenants.organization.models import OpdUnit

    activate_regions(Region.objects.filter(slug=REGION))
    region = Region.objects.get(slug=REGION)
    admin = User.objects.create_user(
        email="admin.bench@lumbung.test", password=None, full_name="Admin Bench"
    )
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    with tenant_context(region):
        OpdUnit.objects.bulk_create(
            OpdUnit(name=f"Dinas Bench {n:02d}", short_name=f"DB{n:02d}") for n in range(opd_count)
        )
    return region, admin


def workbook_bytes(rows: int, opd_count: int, first: int = 0) -> bytes:
    from openpyxl import Workbook

    from tenants.spreadsheets.columns import COLUMNS

    stages = ["Inisiatif", "Uji coba", "Penerapan"]
    affairs = ["Kesehatan", "Pendidikan", "Sosial", "Perhubungan", "Pangan"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append([column.title for column in COLUMNS])
    start = date(2023, 1, 1)
    for n in range(first, first + rows):
        stage = stages[n % 3]
        trial = start + timedelta(days=n)
        values = {
            "name": f"Inovasi Bench {n:04d}",
            "opd": f"Dinas Bench {n % opd_count:02d}",
            "stage": stage,
            "initiator": "OPD",
            "initiator_name": f"Inisiator {n}",
            "is_digital": "Digital" if n % 2 else "Non digital",
            "form": "Inovasi pelayanan publik",
            "affair": affairs[n % len(affairs)],
            "other_affairs": "Sosial, Koperasi, Usaha Kecil, dan Menengah" if n % 4 == 0 else None,
            "trial_started_on": trial if stage != "Inisiatif" else None,
            "implemented_on": (trial + timedelta(days=90)).strftime("%d/%m/%Y")
            if stage == "Penerapan"
            else None,
            "design": DESIGN,
            "goals": "Mempercepat layanan.",
            "benefits": "Warga terlayani lebih cepat.",
            "results": "Waktu layanan turun separuh.",
            "budget_amount": 10_000_000 + n,
            "video_url": f"https://video.example.test/{n}",
            "latitude": -3.44 + n / 10_000,
            "longitude": 114.83,
            "ip_registration": "",
        }
        sheet.append([values.get(column.key) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class QueryCounter:
    """Counts every query (Django's own query log keeps only the last 9000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(action) -> tuple[float, int, object]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        value = action()
        seconds = time.perf_counter() - started
    return seconds, counter.count, value


def upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bench.xlsx", content)


def page_import(region, admin, content: bytes, name: str):
    """As the import page does it: the upload makes a preview, the confirmation applies it."""
    from imports.models import ImportKind
    from imports.runs import confirm_run, start_run

    run, errors = start_run(
        kind=ImportKind.INNOVATIONS,
        region=region,
        actor=admin,
        upload=upload(content),
        filename=name,
    )
    if run is None:
        sys.exit(f"import refused: {errors[:5]}")
    return run, confirm_run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--opds", type=int, default=20)
    parser.add_argument("--background-rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options = parser.parse_args()
    with BENCH.session(keep=options.keep):
        run(options)


def run(options: argparse.Namespace) -> None:
    seconds = migrate()
    print(f"setup: database {BENCH.database} created and public schema migrated in {seconds:.1f} s")
    region, admin = prepare(options.opds)
    print(f"setup: region {REGION} activated with {options.opds} OPD units")

    from django.conf import settings

    from imports.models import RunStatus
    from imports.runs import process_run
    from rubric.years import current_year
    from tenants.spreadsheets.exporter import export_xlsx
    from tenants.spreadsheets.package import build_package

    rows = options.rows
    content = workbook_bytes(rows, options.opds)
    print(
        f"generated workbook: {rows} rows, {len(content) / 1024:.0f} KiB (background above "
        f"{settings.IMPORT_BACKGROUND_ROWS} rows)"
    )

    def preview_and_confirm():
        started = time.perf_counter()
        run, confirm = page_import(region, admin, content, "bench.xlsx")
        previewed = time.perf_counter() - started
        outcome = confirm(run, admin, {})
        return previewed, outcome

    seconds, queries, (previewed, outcome) = measure(preview_and_confirm)
    result = outcome.run.result
    if not outcome.applied or result.get("rejected"):
        sys.exit(f"import failed: {result.get('errors', [])[:5]}")
    print(
        f"import {rows} rows (all new), preview + confirmation: {seconds:.2f} s (preview "
        f"{previewed:.2f} s, confirmation {seconds - previewed:.2f} s; {queries} queries); "
        f"created {result['created']} (target < 5 s)"
    )
    seconds, queries, (previewed, again) = measure(preview_and_confirm)
    result = again.run.result
    print(
        f"re-import of the same file: {seconds:.2f} s (preview {previewed:.2f} s; {queries} "
        f"queries); created {result['created']}, updated {result['updated']}, unchanged "
        f"{result['unchanged']}"
    )

    year = current_year()
    seconds, queries, _ = measure(
        lambda: export_xlsx(user=admin, region=region, year=year, target=io.BytesIO())
    )
    print(f"export xlsx of {rows} innovations: {seconds:.2f} s ({queries} queries)")
    seconds, queries, _ = measure(
        lambda: build_package(user=admin, region=region, year=year, target=io.BytesIO())
    )
    print(
        f"submission package of {rows} innovations, no evidence: {seconds:.2f} s ({queries} queries)"
    )

    big_rows = options.background_rows
    if not big_rows:
        return
    big = workbook_bytes(big_rows, options.opds, first=rows)
    print(f"generated workbook: {big_rows} rows, {len(big) / 1024:.0f} KiB")
    job = type("Job", (), {})
    started = time.perf_counter()
    run, confirm = page_import(region, admin, big, "bench-big.xlsx")
    request = time.perf_counter() - started
    if run.status != RunStatus.CHECKING:
        sys.exit("the big file was not handed to a worker: raise --background-rows")
    job.target = str(run.pk)
    checking_started = time.perf_counter()
    process_run(job)
    checked = time.perf_counter() - checking_started
    run.refresh_from_db()
    confirmation_started = time.perf_counter()
    outcome = confirm(run, admin, {})
    confirmation = time.perf_counter() - confirmation_started
    apply_started = time.perf_counter()
    process_run(job)
    applied = time.perf_counter() - apply_started
    run.refresh_from_db()
    if run.status != RunStatus.APPLIED or not outcome.queued:
        sys.exit(
            f"background import did not apply: {run.status} {run.result.get('errors', [])[:3]}"
        )
    total = request + checked + confirmation + applied
    print(
        f"background import of {big_rows} rows: upload request {request * 1000:.0f} ms, "
        f"worker check {checked:.2f} s, confirmation request {confirmation * 1000:.0f} ms, "
        f"worker apply {applied:.2f} s; total {total:.2f} s, created {run.result['created']} "
        f"(target < 30 s)"
    )


if __name__ == "__main__":
    main()
