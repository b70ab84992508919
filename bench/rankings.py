"""Benchmark: index snapshots and rankings with 552 active regions and ~36,000 innovations.

    .venv/bin/python bench/rankings.py [--per-region 65] [--answers 20] [--runs 5] [--keep]
                                       [--skip-worker] [--skip-command] [--reuse]

Uses a separate database (lumbung_bench_rankings on the server of DATABASE_URL), dropped and
created fresh, migrated, with all 552 regions activated. Setup, bulk inserts only (bench/_setup.py,
as bench/catalog.py): in every region --per-region innovations with their current-year reports
(3 of 5 verified, 1 submitted, 1 draft, so the full and the verified-only estimates differ),
--answers answered SID indicators each with accepted evidence at levels leaning low, middling
or high by region (so the estimates spread over the predicates), the region's SPD answers, a
Publication per innovation (the catalog is rebuilt, since a snapshot refresh also updates the
region's catalog entries); 3,000 credited replication requests; official results for the two
years before the current one for every region (demo.rankings' generator). Then measures:
  (a) recomputing all 552 snapshots of the current year:
      - the command `refresh_snapshots --no-progress` in one process (a first run that creates
        the rows, and a second that rewrites them);
      - with ONE real Celery worker process (prefork, concurrency 1, its own queue) and beat:
        from recording the nightly run with no spread (`rankings.services.queue_all_snapshots(
        year, window_seconds=0)`: one `rankings.snapshot` effect per region, due now) until every
        one of the 552 snapshot rows has a computed_at after that moment; target < 2 min;
  (b) the national ranking page /peringkat/ and the endpoint /api/v1/rankings/ on the public
      host through Django's test Client (routing middleware, selectors, template or serializer),
      anonymous, 10 varied requests each (years, levels, provinces, predicates, sorts), --runs
      each after a warm-up: median and p95 over all samples; target p95 < 50 ms server time with
      the shared page cache off. The page is measured as steady state (the ranked scopes kept
      per process until the figures change, rankings.selectors._MEMO), as the first request
      after a change (that memo emptied before every request), signed in as a platform
      operator (private estimates), and from the page cache;
  (c) the anchor, in the same run: the year's figures read live from all 552 region schemas in
      one UNION ALL (what a platform without snapshots does); target: the uncached page's p95
      at least 20x faster.
A URL that does not answer 200 yet is reported as "not available". DEBUG is off, as in production.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from urllib.parse import urlencode

from _setup import Bench, build_country, freeze_heap, percentile, timed, verdict

QUEUE = "lumbung-bench-rankings"
WORKER_NAME = "bench-rankings@%h"
RECOMPUTE_TARGET_S = 120
PAGE_TARGET_MS = 50
FAN_OUT_RATIO_TARGET = 20
WORKER_TIMEOUT_S = 900
BENCH = Bench(
    "lumbung_bench_rankings",
    debug=False,
    media_root=tempfile.mkdtemp(prefix="lumbung-bench-rankings-"),
    cache_prefix="lumbung-bench-rankings",
    # Its own queue, so a development or test worker on the same Redis never takes its tasks.
    extra_env={"CELERY_QUEUE": QUEUE},
)

PAGE_QUERIES = [
    {"tahun": "2026"},
    {"tahun": "2026", "jenis": "provinsi"},
    {"tahun": "2026", "jenis": "kabkota", "provinsi": "provinsi-jawa-timur"},
    {"tahun": "2026", "predikat": "inovatif"},
    {"tahun": "2026", "provinsi": "provinsi-sumatera-utara", "predikat": "sangat-inovatif"},
    {"tahun": "2026", "jenis": "provinsi", "predikat": "kurang-inovatif"},
    {"tahun": "2026", "urut": "nama"},
    {"tahun": "2025"},
    {"tahun": "2025", "jenis": "provinsi", "urut": "perubahan"},
    {"tahun": "2025", "provinsi": "provinsi-kalimantan-selatan", "predikat": "inovatif"},
]
# The same ten through the API's parameter names.
API_NAMES = {"tahun": "year", "jenis": "level", "provinsi": "province", "predikat": "predicate"}
API_SORTS = {"nama": "nama", "perubahan": "-perubahan"}


def api_query(params: dict[str, str]) -> dict[str, str]:
    query = {API_NAMES[key]: value for key, value in params.items() if key in API_NAMES}
    if "urut" in params:
        query["ordering"] = API_SORTS[params["urut"]]
    return query


def official_results(year: int) -> int:
    """Official results of the two years before `year` for every region (demo generator)."""
    from lumbung.demo.rankings import official_rows, write_demo_results
    from regions.models import Region

    years = [year - 2, year - 1]
    regions = list(Region.objects.order_by("code").only("pk", "code", "kind"))
    return write_demo_results(official_rows(regions, years), years)


# ---- (a) recomputing every snapshot -------------------------------------------------------------


def bench_command(year: int) -> None:
    from rankings.models import IndexSnapshot

    for label in ("first run, creating the rows", "second run, rewriting them"):
        seconds, output = BENCH.manage("refresh_snapshots", "--no-progress", "--year", str(year))
        count = IndexSnapshot.objects.filter(year=year).count()
        print(
            f"(a) refresh_snapshots --no-progress in one process ({label}): {seconds:.1f} s wall, "
            f"{seconds / max(count, 1) * 1000:.0f} ms per region, {count} snapshots "
            f"(target < {RECOMPUTE_TARGET_S} s: "
            f"{'met' if seconds < RECOMPUTE_TARGET_S else 'NOT MET'})"
        )
        print(f"    command said: {output.splitlines()[-1]}")
    print(f"    {snapshot_summary(year)}")


def snapshot_summary(year: int) -> str:
    """What the snapshots hold, to show the computation had real work to do."""
    from collections import Counter

    from django.db.models import Avg

    from rankings.models import IndexSnapshot

    snapshots = IndexSnapshot.objects.filter(year=year)
    figures = snapshots.aggregate(
        index=Avg("index"),
        verified=Avg("verified_index"),
        innovations=Avg("innovations"),
        counted=Avg("innovations_counted"),
        verified_innovations=Avg("innovations_verified"),
    )
    predicates = Counter(snapshots.values_list("predicate_code", flat=True))
    return (
        f"snapshots: mean index {figures['index']:.2f} (verified only {figures['verified']:.2f}), "
        f"{figures['innovations']:.0f} innovations per region ({figures['counted']:.0f} counted, "
        f"{figures['verified_innovations']:.0f} verified); predicates {dict(predicates)}"
    )


def worker_log(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


def wait_until_ready(process, log, timeout: float = 60) -> float:
    """Seconds until the worker answers a ping (it has loaded Django and joined the queue)."""
    from lumbung.celery import app

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            sys.exit(f"the Celery worker stopped:\n{worker_log(log)}")
        replies = app.control.ping(timeout=0.5) or []
        if any(name.startswith("bench-rankings@") for reply in replies for name in reply):
            return time.perf_counter() - started
    sys.exit(f"the Celery worker did not answer within {timeout:.0f} s:\n{worker_log(log)}")


def bench_worker(year: int) -> None:
    from django.utils import timezone

    from lumbung.celery import app
    from rankings.models import IndexSnapshot
    from rankings.services import queue_all_snapshots
    from regions.models import Region

    app.control.purge()  # nothing left over on the bench queue from an interrupted run
    active = Region.objects.filter(is_active=True).count()
    with BENCH.worker_and_beat(QUEUE, name=WORKER_NAME) as ([process, _beat], log):
        ready = wait_until_ready(process, log)
        print(f"    worker ready in {ready:.1f} s (prefork, concurrency 1, queue {QUEUE})")
        started_at = timezone.now()
        started = time.perf_counter()
        queue_all_snapshots(year, window_seconds=0)
        done, marks = 0, {}
        while done < active:
            if process.poll() is not None:
                sys.exit(f"the Celery worker stopped:\n{worker_log(log)}")
            elapsed = time.perf_counter() - started
            if elapsed > WORKER_TIMEOUT_S:
                print(
                    f"(a) one Celery worker: only {done} of {active} snapshots after "
                    f"{elapsed:.0f} s, gave up\n{worker_log(log)}"
                )
                return
            time.sleep(0.25)
            done = IndexSnapshot.objects.filter(year=year, computed_at__gte=started_at).count()
            for share in (0.25, 0.5, 0.75):
                if done >= share * active and share not in marks:
                    marks[share] = time.perf_counter() - started
        seconds = time.perf_counter() - started
    progress = ", ".join(f"{int(share * 100)}% at {at:.0f} s" for share, at in marks.items())
    print(
        f"(a) recompute all {active} snapshots with one Celery worker (queue_all_snapshots, "
        f"window 0, through the pipeline): {seconds:.1f} s, {seconds / active * 1000:.0f} ms "
        f"per region (target < {RECOMPUTE_TARGET_S} s: "
        f"{'met' if seconds < RECOMPUTE_TARGET_S else 'NOT MET'}); {progress}"
    )


# ---- (b) ranking page and endpoint --------------------------------------------------------------


def fan_out_seconds(year: int, runs: int = 3) -> float:
    """The anchor: what a ranking would cost read live from every region's own schema, one
    UNION ALL over the 552 schemas (verified reports and the mean level of their answers per
    region, ordered), as a platform without snapshots would. Median of `runs`."""
    from django.db import connection
    from psycopg import sql

    from regions.models import Region

    schemas = list(
        Region.objects.filter(is_active=True).order_by("code").values_list("code", "schema_name")
    )
    parts = [
        sql.SQL(
            "SELECT {code}::text AS code,"
            " (SELECT count(*) FROM {s}.assessment_report r"
            "   WHERE r.year = {year} AND r.status = 'verified') AS verified,"
            " (SELECT avg(a.level) FROM {s}.assessment_answer a"
            "   JOIN {s}.assessment_report r ON a.report_id = r.id"
            "   WHERE r.year = {year} AND r.status = 'verified') AS mean_level"
        ).format(code=sql.Literal(code), s=sql.Identifier(schema), year=sql.Literal(year))
        for code, schema in schemas
    ]
    query = sql.SQL(" UNION ALL ").join(parts) + sql.SQL(" ORDER BY mean_level DESC NULLS LAST")
    samples = []
    with connection.cursor() as cursor:
        text = query.as_string(cursor.connection)
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(text)
            rows = cursor.fetchall()
            samples.append(time.perf_counter() - started)
    assert len(rows) == len(schemas)
    return statistics.median(samples)


def bench_pages(runs: int, year: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from rankings import selectors

    anonymous = Client(HTTP_HOST="localhost")
    operator = Client(HTTP_HOST="localhost")
    admin = User.objects.filter(email="platform@bench.test").first()
    if admin is None:  # a --reuse run finds the one made before
        admin = User.objects.create_superuser(
            email="platform@bench.test", password=None, full_name="Operator Bench"
        )
    operator.force_login(admin)
    # Past the second factor platform operators must give (accounts.two_factor), as after a
    # real sign-in with an authenticator.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=admin, name="bench", confirmed=True)
    session = operator.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    freeze_heap()  # as lumbung/wsgi.py does at start-up
    cache_seconds = settings.PUBLIC_CACHE_SECONDS

    def measure(
        label: str, client, paths: list[str], *, detail: bool = False, cold: bool = False
    ) -> float | None:
        samples: list[float] = []
        queries, sizes, lines = set(), [], []
        for path in paths:
            try:
                response = client.get(path)
            except Exception as exc:  # the pages are being written: say so, measure the rest
                print(f"(b) {label}: not available ({path}: {type(exc).__name__}: {exc})")
                return None
            if response.status_code != 200:
                print(f"(b) {label}: not available ({path}: HTTP {response.status_code})")
                return None

            def get(path: str = path) -> None:
                if cold:  # as the first request after the figures changed
                    selectors._MEMO.clear()
                client.get(path)

            timing = timed(get, runs)
            samples += timing.samples
            if cold:
                selectors._MEMO.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            queries.add(len(captured))
            sizes.append(len(response.content))
            if detail:
                lines.append(
                    f"    {path}: median {timing.median:.1f} ms, max {max(timing.samples):.1f} ms, "
                    f"{len(captured)} queries, {len(response.content) // 1024} KiB"
                )
        median, p95 = statistics.median(samples), percentile(samples, 0.95)
        print(
            f"(b) {label}: median {median:.1f} ms, p95 {p95:.1f} ms over {len(samples)} "
            f"requests (target p95 < {PAGE_TARGET_MS} ms: {verdict(p95, PAGE_TARGET_MS)}); "
            f"{'/'.join(str(n) for n in sorted(queries))} queries, "
            f"{min(sizes) // 1024}-{max(sizes) // 1024} KiB"
        )
        for line in lines:
            print(line)
        return p95

    pages = [f"/peringkat/?{urlencode(params)}" for params in PAGE_QUERIES]
    api = [f"/api/v1/rankings/?{urlencode(api_query(params))}" for params in PAGE_QUERIES]
    # Server time without the shared page cache: every request renders.
    settings.PUBLIC_CACHE_SECONDS = 0
    try:
        national = measure(
            "ranking page /peringkat/, 10 requests, anonymous, not cached", anonymous, pages,
            detail=True,
        )  # fmt: skip
        measure(
            "same, each as the first request after a change of the figures", anonymous, pages,
            cold=True,
        )  # fmt: skip
        measure("ranking API /api/v1/rankings/, same 10, anonymous, not cached", anonymous, api,
                detail=True)  # fmt: skip
        measure("ranking page /peringkat/, same 10, platform operator", operator, pages)
    finally:
        settings.PUBLIC_CACHE_SECONDS = cache_seconds
    if cache_seconds:
        measure("ranking page /peringkat/, same 10, anonymous, from the page cache", anonymous,
                pages)  # fmt: skip
    fan_out = fan_out_seconds(year)
    if national:
        ratio = fan_out * 1000 / national
        print(
            f"(c) anchor, the same year read live from all 552 schemas (one UNION ALL): "
            f"{fan_out * 1000:.0f} ms median; the uncached page's p95 is {ratio:.0f}x faster "
            f"(target >= {FAN_OUT_RATIO_TARGET}x: "
            f"{'met' if ratio >= FAN_OUT_RATIO_TARGET else 'NOT MET'})"
        )


# ---- main ---------------------------------------------------------------------------------------


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-region", type=int, default=65)
    parser.add_argument("--answers", type=int, default=20, help="SID answers per innovation")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--skip-command", action="store_true")
    parser.add_argument("--skip-worker", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure (a) and (b) on the database a --keep run left, as it is (no setup; kept)",
    )
    options = parser.parse_args()
    with BENCH.session(keep=options.keep, fresh=not options.reuse):
        if options.reuse:
            measure(options)
        else:
            run(options)


def run(options: argparse.Namespace) -> None:
    BENCH.migrate_and_activate_all()
    started = time.perf_counter()
    country = build_country(
        options.per_region,
        answers_per_innovation=options.answers,
        statuses=("verified", "verified", "verified", "submitted", "draft"),
        spread_levels=True,
    )
    print(
        f"setup: {country.innovations} innovations in {country.regions} regions with "
        f"{country.answers} answers and as many accepted evidence rows, "
        f"{country.requests} credited replication requests, bulk inserted in "
        f"{time.perf_counter() - started:.1f} s"
    )
    seconds, _ = BENCH.manage("rebuild_catalog", "--no-progress", accept=(0, 1))
    print(f"setup: catalog of {country.innovations} entries built in {seconds:.1f} s")
    from django.db import connection

    from rubric.years import current_year

    year = current_year()
    started = time.perf_counter()
    written = official_results(year)
    print(
        f"setup: {written} official results ({year - 2}, {year - 1}) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"setup: VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")
    measure(options)


def measure(options: argparse.Namespace) -> None:
    from rubric.years import current_year

    year = current_year()
    if not options.skip_command:
        bench_command(year)
    if not options.skip_worker:
        bench_worker(year)
    bench_pages(options.runs, year)


if __name__ == "__main__":
    main()
