"""Catalog search quality (issue #18): how well the catalog search finds what visiting regions mean.

    .venv/bin/python bench/search_quality.py [--worst 15] [--show "ibu hamil"] [--keep]

Uses a separate database (lumbung_bench_search_quality on the server of DATABASE_URL), dropped
and created fresh and migrated (the shared schema only: the catalog is public), so no real
catalog is ever touched. Loads the evaluation catalog of replication/catalog/search_evaluation
(realistic innovations of many regions and affairs) through the catalog's own writer, runs every
query of its queries.yaml through catalog_search and prints nDCG@10 and recall@20 for the worst
queries (with the relevant entries they missed and the unjudged ones on top), the means, the
baseline the test holds them to and the targets. --show prints the first 20 hits of the given
queries, each marked with its judged grade. About half a minute.
"""

from __future__ import annotations

import argparse
import time
import warnings

from _setup import Bench

BENCH = Bench("lumbung_bench_search_quality", debug=False, cache_prefix="lumbung-bench-quality")


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--worst", type=int, default=15, help="how many of the worst queries")
    parser.add_argument("--show", action="append", default=[], help="print a query's hits")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options = parser.parse_args()
    with BENCH.session(keep=options.keep):
        seconds, _ = BENCH.manage("migrate_schemas", "--shared", "--noinput", "-v", "0")
        print(f"setup: database migrated in {seconds:.1f} s")
        run(options)


def run(options: argparse.Namespace) -> None:
    from replication.catalog.search_evaluation.evaluate import (
        TARGET_NDCG_AT_10,
        TARGET_RECALL_AT_20,
        evaluate,
        load_baseline,
    )

    started = time.perf_counter()
    report = evaluate()
    items = len({key for result in report.results for key in result.hits})
    print(
        f"evaluated {len(report.results)} queries in {time.perf_counter() - started:.1f} s "
        f"({items} distinct entries among their hits)"
    )
    for text in options.show:
        [result] = [item for item in report.results if item.query.text == text] or [None]
        if result is None:
            print(f"no query {text!r} in queries.yaml")
            continue
        print(f"{text!r}: nDCG@10 {result.ndcg:.3f}, recall@20 {result.recall:.3f}")
        for rank, key in enumerate(result.hits, start=1):
            grade = result.query.judgments.get(key, 0)
            print(f"  {rank:2d}. [{grade or ' '}] {key}")
    print("\n".join(report.lines(worst=options.worst)))
    baseline = load_baseline()
    print(
        f"baseline (tests/replication/test_search_quality.py): nDCG@10 "
        f"{baseline['ndcg_at_10']:.3f}, recall@20 {baseline['recall_at_20']:.3f}"
    )
    for name, value, target in (
        ("nDCG@10", report.ndcg, TARGET_NDCG_AT_10),
        ("recall@20", report.recall, TARGET_RECALL_AT_20),
    ):
        verdict = "met" if value >= target else "NOT MET"
        print(f"target {name} >= {target:.2f}: {value:.3f} ({verdict})")


if __name__ == "__main__":
    main()
