"""Benchmark: the national replication catalog with ~36,000 published innovations of 552 regions.

    .venv/bin/python bench/catalog.py [--per-region 65] [--runs 5] [--keep]
    .venv/bin/python bench/catalog.py --search-only   # again, on what a --keep run left

Uses a separate database (lumbung_bench_catalog on the server of DATABASE_URL), dropped and
created fresh, migrated, with all 552 regions activated. Setup, bulk inserts only (no services):
in every region's schema 3 OPD units, --per-region innovations with varied Indonesian names and
texts, their verified reports for the current year with 4 answered SID indicators each, the
region's SPD answers at a level of its own (so indexes and predicates vary), accepted evidence
rows sharing one stored path, a Publication per innovation (a document on every fifth);
in the public schema 3,000 replication requests in credited statuses. Then measures:
  (a) publishing all of them: rebuild_catalog from an empty catalog (bulk path), through the
      management command; target < 2 min;
  (b) the rebuild command over the 552 schemas with nothing to change, --check and repairing;
      target < 5 min;
  (c) the search page /katalog/ on the public host through Django's test Client (routing
      middleware, selectors, template) for 20 varied requests (with and without text, with
      filters, sorts, pages), --runs each after a warm-up: median and p95 over all samples;
      target p95 < 50 ms. The search API and the entry page are measured the same way, and the
      first search after a change to the catalog (when each process reloads its in-memory
      facet index, see replication/catalog/facet_index.py).
DEBUG is off, as in production.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings

from _setup import Bench, build_country, freeze_heap, percentile, timed, verdict

PUBLISH_TARGET_S = 120
REBUILD_TARGET_S = 300
SEARCH_TARGET_MS = 50
BENCH = Bench(
    "lumbung_bench_catalog",
    debug=False,
    media_root=tempfile.mkdtemp(prefix="lumbung-bench-catalog-"),
    cache_prefix="lumbung-bench-catalog",
)


SEARCHES = [
    {},
    {"q": "pelayanan"},
    {"q": "layanan kesehatan ibu"},
    {"q": "stunting"},
    {"q": "sampah bank"},
    {"q": "pelayanaan"},  # a typo
    {"q": "posyandu digitl"},  # a typo in a name
    {"q": '"jemput bola" -pajak'},
    {"affair": "kesehatan"},
    {"affair": "pendidikan", "digital": "true"},
    {"province": "63"},
    {"province": "35", "stage": "implementation", "sort": "replicas"},
    {"region": "63.03"},
    {"replicated": "true", "sort": "replicas"},
    {"predicate": "kurang-inovatif", "form": "public_service"},
    {"q": "umkm", "affair": "koperasi-usaha-kecil-menengah", "digital": "false"},
    {"q": "desa", "province": "12", "sort": "score"},
    {"sort": "newest", "page": "3"},
    {"q": "data", "page": "2"},
    {"digital": "true", "stage": "trial", "replicated": "false", "sort": "score"},
]
# What visiting regions type (issue #18): several words, abbreviations and synonyms, typos per
# word. Measured on the search itself (catalog_search), warm and cold.
MEANING_QUERIES = [
    "penurunan stunting",
    "ibu hamil",
    "bumil",
    "dinkes",
    "disdukcapil",
    "adminduk jemput bola",
    "stanting",
    "kesehtan ibu",
    "pelayanaan",
    "stuntng balita",
    "pelayanan kesehatan ibu dan anak",
    "umkm desa",
    "sapi",
    "cabe",
    "sampah bank",
    "posyandu digitl",
    "inovasi banjar",
    "layanan",
    "pendidikan anak usia dini",
    '"jemput bola" -pajak',
]
SEARCH_ONLY_TARGET_MS = 20


def bench_search(runs: int) -> None:
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from replication.catalog.models import CatalogEntry

    client = Client(HTTP_HOST="localhost")
    freeze_heap()  # as lumbung/wsgi.py does at start-up

    def measure(label: str, paths: list[str], *, detail: bool = False) -> None:
        samples: list[float] = []
        queries = set()
        lines = []
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                print(f"    {path}: HTTP {response.status_code}")
                return
            these = timed(lambda path=path: client.get(path), runs).samples
            samples += these
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            queries.add(len(captured))
            if detail:
                body = response.content.decode()
                count = body.split('id="catalog-count">', 1)[1].split(" inovasi", 1)[0]
                lines.append(
                    f"    {path}: {count} results, median {statistics.median(these):.1f} ms, "
                    f"{len(captured)} queries"
                )
        median, p95 = statistics.median(samples), percentile(samples, 0.95)
        print(
            f"(c) {label}: median {median:.1f} ms, p95 {p95:.1f} ms over {len(samples)} requests "
            f"(target p95 < {SEARCH_TARGET_MS} ms: {verdict(p95, SEARCH_TARGET_MS)}); "
            f"{'/'.join(str(n) for n in sorted(queries))} queries per request"
        )
        for line in lines:
            print(line)

    paths = [f"/katalog/?{urlencode(params)}" if params else "/katalog/" for params in SEARCHES]
    measure("search page /katalog/, 20 requests", paths, detail=True)
    api = [
        f"/api/v1/catalog/?{urlencode(params)}" if params else "/api/v1/catalog/"
        for params in SEARCHES
    ]
    measure("search API /api/v1/catalog/, same 20", api)
    # After any change to the catalog each process reloads its facet index once.
    reloads = []
    for _ in range(runs):
        CatalogEntry.objects.filter(pk=CatalogEntry.objects.order_by("?").first().pk).update(
            refreshed_at=timezone.now()
        )
        started = time.perf_counter()
        client.get("/katalog/?q=stunting")
        reloads.append((time.perf_counter() - started) * 1000)
    print(
        f"(c) first search after a change to the catalog (the change applied to the facet index): "
        f"median {statistics.median(reloads):.0f} ms over {runs} changes"
    )
    entries = list(CatalogEntry.objects.order_by("?").values_list("public_id", flat=True)[:20])
    measure("entry page /katalog/<id>/, 20 entries", [f"/katalog/{key}/" for key in entries])
    bench_search_itself(runs)


def bench_search_itself(runs: int) -> None:
    """(d) The search itself (replication.catalog.selectors.catalog_search: query planning with
    the vocabulary and typo corrections, term matches, tiers, ranks, the page's rows and the
    facet counts), without the page around it. Warm: each query's terms already matched once
    since the catalog last changed (a process keeps them per catalog version); cold: the first
    search of each query after a change to the catalog, index reload excluded."""
    from django.utils import timezone

    from replication.catalog import facet_index
    from replication.catalog.models import CatalogEntry
    from replication.catalog.selectors import catalog_search

    queries = MEANING_QUERIES + [params["q"] for params in SEARCHES if "q" in params]
    cold: list[float] = []
    for _ in range(runs):
        CatalogEntry.objects.filter(pk=CatalogEntry.objects.order_by("?").first().pk).update(
            refreshed_at=timezone.now()
        )
        facet_index.current()  # the reload is measured above, not here
        for query in queries:
            started = time.perf_counter()
            catalog_search(query)
            cold.append((time.perf_counter() - started) * 1000)
    warm: list[float] = []
    lines = []
    for query in queries:
        catalog_search(query)
        these = timed(lambda query=query: catalog_search(query), runs).samples
        warm += these
        results = catalog_search(query)
        corrected = f" -> {results.corrected_query!r}" if results.corrected_query else ""
        lines.append(
            f"    {query!r}{corrected}: {results.total} results, "
            f"median {statistics.median(these):.1f} ms"
        )
    for label, samples in (("warm", warm), ("cold", cold)):
        p95 = percentile(samples, 0.95)
        print(
            f"(d) catalog_search itself, {len(queries)} queries, {label}: median "
            f"{statistics.median(samples):.1f} ms, p95 {p95:.1f} ms over {len(samples)} searches "
            f"(target p95 < {SEARCH_ONLY_TARGET_MS} ms: {verdict(p95, SEARCH_ONLY_TARGET_MS)})"
        )
    for line in lines:
        print(line)
    bench_search_while_writing(queries)


def bench_search_while_writing(queries: list[str], seconds: float = 20.0) -> None:
    """(e) The search itself while another connection writes 2 entries a second (each write
    its own transaction, as the catalog effect does): every search first applies the changes
    since its last look to its facet index (replication/catalog/facet_index.py)."""
    import random
    import threading

    from django.db import connection, transaction
    from django.utils import timezone

    from replication.catalog.models import CatalogEntry
    from replication.catalog.selectors import catalog_search

    ids = list(CatalogEntry.objects.values_list("pk", flat=True))
    stop = threading.Event()
    writes = [0]

    def write() -> None:
        rng = random.Random(7)
        while not stop.wait(0.5):
            with transaction.atomic():
                CatalogEntry.objects.filter(pk=rng.choice(ids)).update(
                    score=rng.randint(0, 100), refreshed_at=timezone.now()
                )
            writes[0] += 1
        connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    try:
        while time.perf_counter() < deadline:
            for query in queries:
                started = time.perf_counter()
                catalog_search(query)
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        stop.set()
        writer.join()
    p95 = percentile(samples, 0.95)
    print(
        f"(e) catalog_search itself while {writes[0]} writes ran ({writes[0] / seconds:.1f}/s): "
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms over {len(samples)} "
        f"searches (target p95 < {SEARCH_ONLY_TARGET_MS} ms: "
        f"{verdict(p95, SEARCH_ONLY_TARGET_MS)})"
    )


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-region", type=int, default=65)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="measure the searches again on the database a --keep run left (migrated first)",
    )
    options = parser.parse_args()
    if options.search_only:
        with BENCH.session(keep=True, fresh=False):
            BENCH.manage("migrate_schemas", "--shared")
            bench_search(options.runs)
        return
    with BENCH.session(keep=options.keep):
        run(options)


def run(options: argparse.Namespace) -> None:
    BENCH.migrate_and_activate_all()
    started = time.perf_counter()
    country = build_country(options.per_region)
    innovations, regions = country.innovations, country.regions
    print(
        f"setup: {innovations} verified innovations with publications in {regions} regions "
        f"and 3000 credited replication requests, bulk inserted in "
        f"{time.perf_counter() - started:.1f} s"
    )
    seconds, output = BENCH.manage("rebuild_catalog", "--no-progress", accept=(0, 1))
    print(
        f"(a) publish all {innovations} into the empty catalog (rebuild_catalog, bulk): "
        f"{seconds:.1f} s (target < {PUBLISH_TARGET_S} s: "
        f"{'met' if seconds < PUBLISH_TARGET_S else 'NOT MET'})"
    )
    print(f"    command said: {output.splitlines()[-1]}")
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE catalog_catalogentry, catalog_catalogdocument")
    for args, label in (
        (("--check",), "rebuild_catalog --check, nothing to change"),
        ((), "rebuild_catalog (repairing), nothing to change"),
    ):
        seconds, output = BENCH.manage("rebuild_catalog", "--no-progress", *args, accept=(0, 1))
        print(
            f"(b) {label}, 552 schemas: {seconds:.1f} s (target < {REBUILD_TARGET_S} s: "
            f"{'met' if seconds < REBUILD_TARGET_S else 'NOT MET'})"
        )
        print(f"    command said: {output.splitlines()[-1]}")
    bench_search(options.runs)


if __name__ == "__main__":
    main()
