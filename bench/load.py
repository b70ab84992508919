"""Benchmark: requests per second and latency of the public URLs under load, through the
production server as deployed (deploy/entrypoint.sh web: gunicorn, DJANGO_ENV=production, static
files collected and served by whitenoise), on loopback only.

    .venv/bin/python bench/load.py [--per-region 30] [--regions 552] [--seconds 10]
        [--concurrency 12] [--configs 2x4] [--connections keep] [--rounds 1] [--keep]
    .venv/bin/python bench/load.py --reuse --configs 2x4,3x4,4x2,2x8 --rounds 2
    .venv/bin/python bench/load.py --anchor /tmp/before   # the same, also for other code

Uses a database of its own (lumbung_bench_load on the server of DATABASE_URL), dropped and created
fresh, with --regions regions activated (all 552 by default) and bulk data of a country
(bench/_setup.py's build_country: --per-region innovations each, 3 of 5 verified, answers at
levels that vary by region, publications, 3,000 credited replication requests), the catalog
built, the ranking snapshots computed and VACUUM ANALYZE run. Dropped again at the end unless
--keep; --reuse measures again on what a --keep run left (kept).

For each server configuration WORKERSxTHREADS[kKEEPALIVE] (gunicorn processes x threads each,
keep-alive seconds; without k the entrypoint's default) the server is started by the entrypoint
with those settings, each URL answered once with 200 (checked), then loaded by locust
(bench/_locust_visitor.py): --concurrency visitors asking for it again and again with no pause,
a --warmup run first (every process loads its caches: the catalog's facet index, the rubric),
then --seconds measured. Printed per URL: requests per second, latency p50/p95/p99 in ms as the
client sees it (locust rounds times over 100 ms to two significant digits), failures, response
size, and the CPU seconds the server's processes and the load generator used (they share this
machine's cores). With --connections close each request comes on a new connection (a proxy that
keeps no connections to the app), keep re-uses connections, both measures both. The machine's
load average is printed with every configuration: figures from a shared machine are noisy.
With --anchor DIR (another checkout, e.g. `git worktree add /tmp/before <commit>`; it runs with
this virtualenv on this database, which expand-first migrations keep readable by older code) each
configuration is measured for that code too, right after this tree's, so a before/after
comparison comes from one run.
Targets (issue #19, once pages are cached): >= 300 req/s on the catalog, ranking, region page and
rankings API; >= 50 req/s on uncached common-word searches.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from _setup import ROOT, Bench, build_country, machine_load

HOST = "lumbung-bench.test"  # BASE_DOMAIN of the server: the public site
REGION_SLUG = "banjar"  # whose public standing page is measured (a kabupaten, always activated)
URLS = [
    "/",
    "/katalog/",
    "/katalog/?q=pelayanan",
    "/peringkat/",
    f"/peringkat/daerah/{REGION_SLUG}/",
    "/api/v1/rankings/",
    "/api/v1/catalog/",
    "/healthz",
]
DATA = Path(tempfile.mkdtemp(prefix="lumbung-bench-load-"))
BENCH = Bench(
    "lumbung_bench_load",
    debug=False,
    media_root=str(DATA / "media"),
    cache_prefix="lumbung-bench-load",
    extra_env={"CELERY_QUEUE": "lumbung-bench-load"},
)
LOCUST = Path(sys.executable).with_name("locust")
VISITOR = ROOT / "bench" / "_locust_visitor.py"


@dataclass(frozen=True)
class Config:
    workers: int
    threads: int
    keepalive: int | None  # None: the entrypoint's default

    @classmethod
    def parse(cls, text: str) -> Config:
        match = re.fullmatch(r"(\d+)x(\d+)(?:k(\d+))?", text.strip())
        if not match:
            raise argparse.ArgumentTypeError(f"{text!r}: write WORKERSxTHREADS or WxTkSECONDS")
        workers, threads, keepalive = match.groups()
        return cls(int(workers), int(threads), int(keepalive) if keepalive else None)

    def __str__(self) -> str:
        return f"{self.workers}x{self.threads}" + (
            f" keep-alive {self.keepalive} s" if self.keepalive is not None else ""
        )


@dataclass
class Result:
    requests: int
    failures: int
    rate: float
    p50: float
    p95: float
    p99: float
    size: float
    server_cpu: float
    client_cpu: float
    seconds: float

    @property
    def efficiency(self) -> float:
        """Requests answered per CPU second of the server's processes: less at the mercy of
        what else runs on a shared machine than req/s."""
        return self.requests / self.server_cpu if self.server_cpu else 0.0


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-region", type=int, default=30)
    parser.add_argument("--regions", type=int, default=552, help="regions activated (spread)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument(
        "--configs", type=lambda text: [Config.parse(part) for part in text.split(",")],
        default=[Config(2, 4, None)],
    )  # fmt: skip
    parser.add_argument("--connections", choices=("keep", "close", "both"), default="keep")
    parser.add_argument("--rounds", type=int, default=1, help="configurations again, reversed")
    parser.add_argument("--urls", help="comma-separated subset of the URLs")
    parser.add_argument("--anchor", type=Path, help="another checkout, measured alike")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="measure on a --keep run's database")
    try:  # DATA exists from the import on: removed whatever happens, --help included
        options = parser.parse_args()
        if not LOCUST.exists():
            sys.exit(f"{LOCUST} is missing: install the dev extra (pip install -e '.[dev]')")
        with BENCH.session(keep=options.keep or options.reuse, fresh=not options.reuse):
            if not options.reuse:
                setup(options)
            codes = {"this tree": ROOT}
            if options.anchor:
                codes["anchor"] = options.anchor.resolve()
            for code in codes.values():
                collect_static(code)
            measure(options, codes)
    finally:
        shutil.rmtree(DATA, ignore_errors=True)


# ---- data ---------------------------------------------------------------------------------------


def setup(options: argparse.Namespace) -> None:
    started = time.perf_counter()
    seconds, _ = BENCH.manage("migrate_schemas", "--noinput", "-v", "0")
    print(f"setup: database migrated in {seconds:.1f} s")
    from regions.activation import activate_regions
    from regions.models import Region

    regions = list(Region.objects.order_by("code"))
    if options.regions < len(regions):
        step = len(regions) / options.regions
        chosen = {regions[int(index * step)].pk for index in range(options.regions)}
        chosen.add(next(region.pk for region in regions if region.slug == REGION_SLUG))
        regions = [region for region in regions if region.pk in chosen]
    report_started = time.perf_counter()
    report = activate_regions(regions)
    print(
        f"setup: {len(report.activated)} regions activated in "
        f"{time.perf_counter() - report_started:.1f} s (load {machine_load()})"
    )
    country_started = time.perf_counter()
    country = build_country(
        options.per_region,
        answers_per_innovation=8,
        statuses=("verified", "verified", "verified", "submitted", "draft"),
        spread_levels=True,
        # As many as the data allows: with few regions there are fewer distinct requests.
        requests=min(3000, len(regions) * options.per_region * (len(regions) - 1) // 2),
    )
    print(
        f"setup: {country.innovations} innovations in {country.regions} regions, "
        f"{country.answers} answers, {country.requests} replication requests, bulk inserted in "
        f"{time.perf_counter() - country_started:.1f} s"
    )
    for command in (("rebuild_catalog", "--no-progress"), ("refresh_snapshots", "--no-progress")):
        seconds, _ = BENCH.manage(*command, accept=(0, 1))
        print(f"setup: {command[0]} in {seconds:.1f} s")
    from django.db import connection

    from pipeline.models import PendingEffect

    PendingEffect.objects.all().delete()  # what the setup recorded: no worker runs here
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"setup: done in {time.perf_counter() - started:.0f} s")


# ---- the server ---------------------------------------------------------------------------------


def server_env(config: Config | None, port: int = 0, code: Path = ROOT) -> dict[str, str]:
    """The production settings, as the image runs them, pointed at the bench's database, Redis
    prefix, media and the static files collected from `code`."""
    from django.conf import settings

    env = BENCH.env()
    env.pop("DEBUG", None)
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=os.environ.get("DATABASE_URL") or settings.DATABASE_URL,
        REDIS_URL=os.environ.get("REDIS_URL") or settings.REDIS_URL,
        BASE_DOMAIN=HOST,
        LUMBUNG_DATA_DIR=str(DATA),
        STATIC_ROOT=str(static_root(code)),
        BIND=f"127.0.0.1:{port}",
        PYTHONPATH=os.pathsep.join([str(code / "platform"), str(code)]),
        PYTHON=sys.executable,  # this virtualenv, also for an anchor checkout without one
    )
    if config is not None:
        env.update(WEB_CONCURRENCY=str(config.workers), WEB_THREADS=str(config.threads))
        if config.keepalive is not None:
            env["WEB_KEEPALIVE"] = str(config.keepalive)
    return env


def static_root(code: Path) -> Path:
    return DATA / ("static" if code == ROOT else "static-anchor")


def collect_static(code: Path) -> None:
    """Static files collected as the image's build does (hashed names, manifest, compressed
    copies), so pages render their {% static %} links as in production."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(code / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=server_env(None, code=code),
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")
    print(f"setup: static files of {code} collected in {time.perf_counter() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(config: Config, code: Path = ROOT) -> Iterator[tuple[int, subprocess.Popen]]:
    """`deploy/entrypoint.sh web` with `config`, on a free loopback port, until /healthz answers;
    stopped (SIGTERM, gunicorn's graceful stop) on the way out."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            ["bash", str(code / "deploy" / "entrypoint.sh"), "web"],
            env=server_env(config, port, code),
            cwd=code,
            stdout=subprocess.DEVNULL,  # the access log, one line a request
            stderr=log,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    sys.exit(f"the server did not start:\n{log.read().decode()[-3000:]}")
                try:
                    status, _ = get(port, "/healthz")
                    if status in (200, 503):
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            yield port, process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def get(port: int, path: str) -> tuple[int, int]:
    """Status and body size of one request as the proxy would send it."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request(
            "GET",
            path,
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "127.0.0.1",
                "Accept-Encoding": "gzip, deflate",
            },
        )
        response = client.getresponse()
        return response.status, len(response.read())
    finally:
        client.close()


def server_cpu(master: int) -> float:
    """CPU seconds used so far by the server's worker processes (children of the master)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


# ---- the load -----------------------------------------------------------------------------------


def load(port: int, master: int, path: str, seconds: int, users: int, close: bool) -> Result:
    """One locust run against `path`; its final figures (locust's --json)."""
    env = dict(os.environ, LOAD_PATH=path, LOAD_HOST=HOST)
    if close:
        env["LOAD_CLOSE"] = "1"
    command = [
        str(LOCUST), "-f", str(VISITOR), "--headless", "--json",
        "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "10",
        "-H", f"http://127.0.0.1:{port}", "--loglevel", "ERROR",
    ]  # fmt: skip
    server_before = server_cpu(master)
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, env=env, cwd=DATA, capture_output=True, text=True, check=False)
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_seconds = server_cpu(master) - server_before
    client_seconds = (client_after.ru_utime - client_before.ru_utime) + (
        client_after.ru_stime - client_before.ru_stime
    )
    try:
        entry = next(item for item in json.loads(result.stdout) if item["name"] == path)
    except (ValueError, StopIteration):
        sys.exit(f"locust failed on {path}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    count = entry["num_requests"]
    # Response times are counted in buckets of rounded milliseconds.
    buckets = sorted((float(ms), n) for ms, n in entry["response_times"].items())
    elapsed = entry["last_request_timestamp"] - entry["start_time"]
    return Result(
        requests=count,
        failures=entry["num_failures"],
        rate=count / elapsed if elapsed > 0 else 0.0,
        p50=bucket_percentile(buckets, count, 0.50),
        p95=bucket_percentile(buckets, count, 0.95),
        p99=bucket_percentile(buckets, count, 0.99),
        size=entry["total_content_length"] / count if count else 0.0,
        server_cpu=server_seconds,
        client_cpu=client_seconds,
        seconds=elapsed,
    )


def bucket_percentile(buckets: list[tuple[float, int]], count: int, share: float) -> float:
    """The smallest time with at least `share` of the requests at or under it."""
    needed = max(1, math.ceil(share * count))
    seen = 0
    for milliseconds, number in buckets:
        seen += number
        if seen >= needed:
            return milliseconds
    return buckets[-1][0] if buckets else 0.0


def measure(options: argparse.Namespace, codes: dict[str, Path]) -> None:
    urls = options.urls.split(",") if options.urls else URLS
    modes = {"keep": [False], "close": [True], "both": [False, True]}[options.connections]
    order = list(options.configs)
    plan = []
    for number in range(options.rounds):
        plan += order if number % 2 == 0 else order[::-1]
    results: dict[str, dict[str, list[Result]]] = {}
    print(
        f"load: {options.concurrency} visitors per URL, {options.warmup} s warm-up then "
        f"{options.seconds} s measured; server: deploy/entrypoint.sh web (gunicorn, "
        f"DJANGO_ENV=production), load generator: locust on the same machine"
    )
    for config, (name, code) in ((c, item) for c in plan for item in codes.items()):
        with server(config, code) as (port, process):
            for path in urls:
                status, _ = get(port, path)
                if status != 200:
                    sys.exit(f"{path} answered {status} on {HOST}: the data is not what it needs")
            for close in modes:
                label = "new connection per request" if close else "connections kept"
                title = f"{config}{' close' if close else ''}" + (
                    f" ({name})" if len(codes) > 1 else ""
                )
                print(f"\n{config}, {label}, {name} {code} (load before: {machine_load()})")
                print(
                    f"  {'URL':<32} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'fail':>5} "
                    f"{'KiB':>6} {'cpu srv':>8} {'cpu gen':>8} {'req/cpu-s':>9}"
                )
                for path in urls:
                    if options.warmup:
                        load(port, process.pid, path, options.warmup, options.concurrency, close)
                    result = load(
                        port, process.pid, path, options.seconds, options.concurrency, close
                    )
                    results.setdefault(title, {}).setdefault(path, []).append(result)
                    print(
                        f"  {path:<32} {result.rate:7.1f} {result.p50:6.0f} {result.p95:6.0f} "
                        f"{result.p99:6.0f} {result.failures:5d} {result.size / 1024:6.1f} "
                        f"{result.server_cpu:7.1f}s {result.client_cpu:7.1f}s "
                        f"{result.efficiency:9.0f}"
                    )
                print(f"  (load after: {machine_load()})")
    summary(results, urls)


def summary(results: dict[str, dict[str, list[Result]]], urls: list[str]) -> None:
    """Per configuration: mean req/s and mean p95 of each URL over its rounds, and the geometric
    mean of the req/s over all URLs (no one URL dominates it)."""
    if len(results) < 2 and all(
        len(runs) < 2 for by_url in results.values() for runs in by_url.values()
    ):
        return
    print("\nsummary (mean over rounds): req/s / p95 ms")
    labels = list(results)
    print(f"  {'URL':<32} " + " ".join(f"{label:>22}" for label in labels))
    for path in urls:
        cells = []
        for by_url in results.values():
            runs = by_url[path]
            cells.append(
                f"{statistics.mean(r.rate for r in runs):7.1f} / "
                f"{statistics.mean(r.p95 for r in runs):6.0f}"
            )
        print(f"  {path:<32} " + " ".join(f"{cell:>22}" for cell in cells))
    for title, value in (
        ("geometric mean of req/s", lambda run: run.rate),
        ("geometric mean of req/cpu-s", lambda run: run.efficiency),
    ):
        means = [
            statistics.geometric_mean(
                [statistics.mean(value(run) for run in by_url[path]) for path in urls]
            )
            for by_url in results.values()
        ]
        print(f"  {title:<32} " + " ".join(f"{mean:>22.1f}" for mean in means))


if __name__ == "__main__":
    main()
