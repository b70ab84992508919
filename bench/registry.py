"""Benchmark: the innovation registry of one region with 200 fully answered innovations.

    .venv/bin/python bench/registry.py [--innovations 200] [--runs 20] [--keep]

Uses a separate database (lumbung_bench_registry on the server of DATABASE_URL), dropped and
created fresh, migrated, with one region (Banjar) activated. Setup: 200 innovations through
innovation_create, then 20 SID answers each and one accepted evidence row per answer written with
bulk_create (all rows share one tiny stored PDF), plus the region's SPD answers. Measures, as
median and p95 over --runs:
  (a) the region's estimated index: region_score(year) + readiness(score); target < 200 ms;
  (a') the same once a quarter of the evidence is pending and a tenth of the answers have none
      (so readiness has gaps to price); the pages below are measured on this data;
  (b) the innovation list page /inovasi/ and the list endpoint /api/v1/innovations/, server time
      through Django's test Client signed in as the region admin; target < 150 ms.
The tables are analysed after each bulk change, as autovacuum would have done on a live server.
Issue #19's target for the index itself is p95 < 50 ms.
A URL that does not resolve yet is reported as "not available". DEBUG is off, as in production.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings

from _setup import Bench, machine_load, timed, verdict

REGION_SLUG = "banjar"
SCORE_TARGET_MS = 200
PAGE_TARGET_MS = 150
BENCH = Bench(
    "lumbung_bench_registry",
    debug=False,
    media_root=tempfile.mkdtemp(prefix="lumbung-bench-media-"),
    cache_prefix="lumbung-bench-registry",
)


DESIGN = " ".join(
    ["Rancang bangun inovasi layanan publik daerah dengan tahapan yang terukur dan berkelanjutan."]
    * 30
)


def build(count: int) -> tuple[object, object, int]:
    """The region, its admin and the year, with `count` innovations fully answered."""
    from datetime import date
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, Role, User
    from lumbung.demo.files import pdf_document
    from regions.models import Region
    from rubric.selectors import year_rubric
    from rubric.years import current_year
    from tenants.assessment.models import (
        Answer,
        Evidence,
        EvidenceStatus,
        Report,
        ReportStatus,
    )
    from tenants.innovations.services import innovation_create
    from tenants.organization.models import OpdUnit
    from tenants.organization.services import opd_add_standard_units

    region = Region.objects.get(slug=REGION_SLUG)
    year = current_year()
    rubric = year_rubric(year)
    admin = User.objects.create_user(
        email="admin@bench.test", password=None, full_name="Admin Bench"
    )
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    opd_add_standard_units(region=region)
    affairs = list(rubric.affairs)
    with tenant_context(region):
        units = list(OpdUnit.objects.order_by("pk"))
        stored = default_storage.save(
            f"regions/{region.schema_name}/evidence/bench.pdf",
            ContentFile(pdf_document("Bukti dukung benchmark", ["Satu berkas untuk semua."])),
        )
        for number in range(count):
            innovation_create(
                region=region,
                actor=None,
                data={
                    "name": f"Inovasi Benchmark {number:03d}",
                    "opd": units[number % len(units)],
                    "stage": "implementation",
                    "initiator": "opd",
                    "is_digital": number % 2 == 0,
                    "form": "public_service",
                    "affair": affairs[number % len(affairs)],
                    "implemented_on": date(2024, 1, 1 + number % 28),
                    "design": DESIGN,
                    "goals": "Tujuan inovasi.",
                    "benefits": "Manfaat inovasi.",
                    "results": "Hasil inovasi.",
                    "budget_amount": Decimal(1_000_000),
                },
            )
        reports = list(Report.objects.filter(year=year).order_by("pk"))
        statuses = [ReportStatus.VERIFIED] * 3 + [ReportStatus.SUBMITTED, ReportStatus.DRAFT]
        for index, report in enumerate(reports):
            report.status = statuses[index % len(statuses)]
        Report.objects.bulk_update(reports, ["status"])
        answers = [
            Answer(
                year=year,
                report=report,
                indicator_code=indicator.code,
                basis=rubric.bases(indicator.code)[0],
                level=1 + (index + position) % 3,
            )
            for index, report in enumerate(reports)
            for position, indicator in enumerate(rubric.part("sid"))
        ]
        answers += [
            Answer(
                year=year,
                indicator_code=indicator.code,
                basis=rubric.bases(indicator.code)[0],
                level=2,
            )
            for indicator in rubric.part("spd")
        ]
        Answer.objects.bulk_create(answers, batch_size=2000)
        Evidence.objects.bulk_create(
            (
                Evidence(
                    answer=answer,
                    file=stored,
                    original_name="bukti.pdf",
                    content_type="application/pdf",
                    size=1000,
                    status=EvidenceStatus.ACCEPTED,
                )
                for answer in Answer.objects.all().only("pk")
            ),
            batch_size=2000,
        )
        sid = Answer.objects.filter(report__isnull=False).count()
        print(
            f"setup: {len(reports)} innovations, {sid} SID answers "
            f"({sid // max(len(reports), 1)} each), {Evidence.objects.count()} accepted evidence "
            f"rows, {len(rubric.part('spd'))} SPD answers, year {year}"
        )
    return region, admin, year


def analyze() -> None:
    """Table statistics as a live database has them: autovacuum analyses a table soon after this
    many rows change, and without statistics the planner takes the answers and evidence for a
    handful of rows (a nested loop of 4,000 index lookups where a hash join is 3x faster)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_score(region, year: int, runs: int, *, label: str = "(a)") -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from tenants.scoring.compute import region_score
    from tenants.scoring.readiness import readiness

    def score_and_readiness():
        score = region_score(year)
        return score, readiness(score)

    with tenant_context(region):
        timing = timed(score_and_readiness, runs)
        median, p95, (score, ready) = timing.median, timing.p95, timing.result
        alone = timed(lambda: region_score(year), runs)
        only_median, only_p95 = alone.median, alone.p95
        with CaptureQueriesContext(connection) as queries:
            score_and_readiness()
    print(
        f"{label} region_score({year}) + readiness: median {median:.1f} ms, p95 {p95:.1f} ms "
        f"(target < {SCORE_TARGET_MS} ms: {verdict(p95, SCORE_TARGET_MS, median)}); "
        f"{len(queries)} queries"
    )
    print(f"    region_score alone: median {only_median:.1f} ms, p95 {only_p95:.1f} ms")
    print(
        f"    index {score.result.index}, potential {ready.potential_index}, "
        f"{len(score.innovations)} innovations scored, {len(ready.gaps)} gaps"
    )


def with_gaps(region, year: int) -> None:
    """Make the region realistic for readiness: a quarter of the answers' evidence is pending,
    and a tenth of the answers have none."""
    from django_tenants.utils import tenant_context

    from tenants.assessment.models import Evidence, EvidenceStatus

    with tenant_context(region):
        ids = list(Evidence.objects.order_by("pk").values_list("pk", flat=True))
        Evidence.objects.filter(pk__in=ids[::4]).update(status=EvidenceStatus.PENDING)
        Evidence.objects.filter(pk__in=ids[1::10]).delete()
    print("(a') same with 25% of the evidence pending and 10% of the answers without evidence:")


def bench_url(label: str, path: str, region, admin, runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    try:
        resolve(path, urlconf="lumbung.urls_region")
    except Resolver404:
        print(f"(b) {label} {path}: not available (the URL does not resolve yet)")
        return
    client = Client(HTTP_HOST=f"{region.slug}.localhost")
    client.force_login(admin)
    response = client.get(path)
    if response.status_code != 200:
        print(f"(b) {label} {path}: not available (HTTP {response.status_code})")
        return
    timing = timed(lambda: client.get(path), runs)
    median, p95, response = timing.median, timing.p95, timing.result
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(
        f"(b) {label} {path}: median {median:.1f} ms, p95 {p95:.1f} ms "
        f"(target < {PAGE_TARGET_MS} ms: {verdict(p95, PAGE_TARGET_MS, median)}); "
        f"{len(queries)} queries, {len(response.content) // 1024} KiB"
    )


def main() -> None:
    # WhiteNoise warns once that collectstatic has not run; irrelevant to server time.
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--innovations", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options = parser.parse_args()

    with BENCH.session(keep=options.keep):
        run(options)


def run(options: argparse.Namespace) -> None:
    seconds, _ = BENCH.manage("migrate_schemas", "--noinput", "-v", "0")
    seconds += BENCH.manage("activate_regions", REGION_SLUG, "--no-progress")[0]
    print(f"setup: database migrated and {REGION_SLUG} activated in {seconds:.1f} s")
    started = time.perf_counter()
    region, admin, year = build(options.innovations)
    analyze()
    print(f"setup: data built and analysed in {time.perf_counter() - started:.1f} s")
    print(f"load average before timing: {machine_load()}")
    bench_score(region, year, options.runs)
    with_gaps(region, year)
    analyze()
    bench_score(region, year, options.runs, label="(a')")
    bench_url("innovation list page", "/inovasi/", region, admin, options.runs)
    bench_url("innovation list API", "/api/v1/innovations/", region, admin, options.runs)
    print(f"load average after timing: {machine_load()}")


if __name__ == "__main__":
    main()
