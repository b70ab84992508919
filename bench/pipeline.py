"""Benchmark: the effect pipeline (platform/pipeline) — what it adds to a save, and how fast one
worker catches up after an outage left every region with effects owed.

    .venv/bin/python bench/pipeline.py [--per-region 65] [--saves 300] [--concurrency 2] [--keep]

Uses a separate database (lumbung_bench_pipeline on the server of DATABASE_URL), dropped and
created fresh, migrated, all 552 regions activated, the bulk country of bench/_setup.py (as
bench/rankings.py: --per-region innovations per region with reports, answers, evidence and a
publication each), the catalog rebuilt and every snapshot computed. Then measures:

  (a) the cost the pipeline adds to one innovation save: `innovation_update` of one innovation,
      --saves times each way, interleaved: as built (the history row records the region's
      effects in the same transaction and, after the commit, the relay sends one message to
      Redis) and with the pipeline's part replaced by nothing. Each save is its own committed
      transaction, as from a page. Reported: median and p95 of both, and the difference of the
      medians. Target < 5 ms.
  (b) the catch-up: every active region gets its two region effects (catalog entries and
      index snapshot) recorded as owed, as after a Redis outage or a dead worker; then ONE
      worker process (prefork, --concurrency processes) and beat start, and the time until no
      effect is owed is measured (from the worker being ready). Target < 2 min.

The 500-row import (which now records effects for every row) is measured by
bench/registry_import.py. DEBUG is off, as in production.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings

from _setup import Bench, build_country, percentile

QUEUE = "lumbung-bench-pipeline"
SAVE_TARGET_MS = 5
CATCH_UP_TARGET_S = 120
BENCH = Bench(
    "lumbung_bench_pipeline",
    debug=False,
    media_root=tempfile.mkdtemp(prefix="lumbung-bench-pipeline-"),
    cache_prefix="lumbung-bench-pipeline",
    extra_env={"CELERY_QUEUE": QUEUE},
)


# ---- (a) the cost added to a save ---------------------------------------------------------------


def bench_save(saves: int) -> None:
    from django_tenants.utils import tenant_context

    import tenants.history.services as history
    from accounts.models import Membership, Role, User
    from pipeline.models import PendingEffect
    from regions.models import Region
    from tenants.assessment.models import Report
    from tenants.innovations.models import Innovation
    from tenants.innovations.services import innovation_update

    region = Region.objects.get(slug="banjar")
    actor = User.objects.filter(email="bench@pipeline.test").first() or User.objects.create_user(
        email="bench@pipeline.test", full_name="Penguji Pipeline"
    )
    Membership.objects.get_or_create(
        user=actor, region=region, defaults={"role": Role.REGION_ADMIN}
    )
    with tenant_context(region):
        # An innovation whose current report is a draft (others would refuse the edit).
        drafts = Report.objects.filter(status="draft").values("innovation_id")
        innovation = Innovation.objects.filter(pk__in=drafts).first()
    as_built = history.region_changed

    def nothing(region, *, year):
        return None

    samples: dict[str, list[float]] = {"with": [], "without": []}
    for n in range(saves + 10):  # the first ten warm up
        for label in ("with", "without"):
            history.region_changed = as_built if label == "with" else nothing
            started = time.perf_counter()
            innovation_update(
                region=region, actor=actor, innovation=innovation, data={"goals": f"{label} {n}"}
            )
            if n >= 10:
                samples[label].append((time.perf_counter() - started) * 1000)
    history.region_changed = as_built
    PendingEffect.objects.all().delete()
    with_median, without_median = (statistics.median(samples[key]) for key in ("with", "without"))
    added = with_median - without_median
    print(
        f"(a) innovation_update, {saves} committed saves each way, interleaved: with the pipeline "
        f"median {with_median:.2f} ms (p95 {percentile(samples['with'], 0.95):.2f}), without "
        f"median {without_median:.2f} ms (p95 {percentile(samples['without'], 0.95):.2f}); added "
        f"{added:.2f} ms (target < {SAVE_TARGET_MS} ms: "
        f"{'met' if added < SAVE_TARGET_MS else 'NOT MET'})"
    )


# ---- (b) catching up after an outage ------------------------------------------------------------


def bench_catch_up(concurrency: int) -> None:
    from django.conf import settings
    from django.db import transaction

    from lumbung.celery import HEARTBEAT_KEY, app
    from pipeline.effects import REGION_CHANGE
    from pipeline.models import PendingEffect
    from pipeline.services import record_many
    from regions.models import Region
    from rubric.years import current_year

    app.control.purge()
    year = current_year()
    regions = list(Region.objects.filter(is_active=True).values_list("pk", flat=True))
    with transaction.atomic():
        # Owed and due now, as after an outage long enough for every debounce to pass.
        from django.utils import timezone

        now = timezone.now()
        record_many(
            {"name": name, "region": pk, "year": year, "due_at": now}
            for pk in regions
            for name in REGION_CHANGE
        )
    owed = PendingEffect.objects.count()
    print(
        f"(b) owed: {owed} effects ({len(regions)} regions x {len(REGION_CHANGE)}); sweep every "
        f"{settings.PIPELINE_SWEEP_SECONDS} s, run budget {settings.PIPELINE_RUN_BUDGET_SECONDS} s"
    )
    from django.core.cache import cache

    with BENCH.worker_and_beat(QUEUE, concurrency=concurrency, name="bench-pipeline@%h") as (
        processes,
        log,
    ):
        pattern = cache.make_key(HEARTBEAT_KEY.format(hostname="bench-pipeline*"))
        client = cache._cache.get_client(None)
        started = time.perf_counter()
        while not list(client.scan_iter(match=pattern)):
            if time.perf_counter() - started > 60 or any(p.poll() is not None for p in processes):
                log.seek(0)
                sys.exit("worker did not start:\n" + log.read().decode(errors="replace")[-3000:])
            time.sleep(0.1)
        ready = time.perf_counter()
        marks = {}
        while True:
            left = PendingEffect.objects.count()
            elapsed = time.perf_counter() - ready
            for share in (0.5, 0.9):
                if left <= owed * (1 - share) and share not in marks:
                    marks[share] = elapsed
            if left == 0 or elapsed > 600:
                break
            time.sleep(0.25)
        seconds = time.perf_counter() - ready
    progress = ", ".join(f"{int(share * 100)}% at {at:.0f} s" for share, at in marks.items())
    print(
        f"(b) catch-up with one worker (prefork, concurrency {concurrency}) and beat: "
        f"{seconds:.1f} s from the worker being ready until nothing is owed "
        f"({left} left; {seconds / len(regions) * 1000:.0f} ms per region; {progress}) "
        f"(target < {CATCH_UP_TARGET_S} s: "
        f"{'met' if left == 0 and seconds < CATCH_UP_TARGET_S else 'NOT MET'})"
    )


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-region", type=int, default=65)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the database a --keep run left (kept)"
    )
    options = parser.parse_args()
    with BENCH.session(keep=options.keep, fresh=not options.reuse):
        if not options.reuse:
            setup(options)
        bench_save(options.saves)
        bench_catch_up(options.concurrency)


def setup(options: argparse.Namespace) -> None:
    BENCH.migrate_and_activate_all()
    started = time.perf_counter()
    country = build_country(
        options.per_region,
        statuses=("verified", "verified", "verified", "submitted", "draft"),
        spread_levels=True,
    )
    print(
        f"setup: {country.innovations} innovations in {country.regions} regions, "
        f"{country.answers} answers, bulk inserted in {time.perf_counter() - started:.1f} s"
    )
    for command in (
        ("rebuild_catalog", "--no-progress"),
        ("refresh_snapshots", "--no-progress"),
    ):
        seconds, _ = BENCH.manage(*command, accept=(0, 1))
        print(f"setup: {command[0]} in {seconds:.1f} s")
    from django.db import connection

    from pipeline.models import PendingEffect

    PendingEffect.objects.all().delete()  # what the setup commands recorded
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
