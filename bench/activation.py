"""Benchmark: activating all 552 regions, the no-op re-run, and migrate_schemas with nothing to do.

    .venv/bin/python bench/activation.py [--jobs 1] [--keep]

Uses a separate database (lumbung_bench on the server of DATABASE_URL, or the local default),
dropped and created fresh, so the figures start from nothing, and dropped again at the end unless
--keep. Prints one line per measurement.
Targets (issue #3): 552 activations < 60 s; no-op re-run < 5 s; no-op migrate_schemas < 15 s.
"""

from __future__ import annotations

import argparse

from _setup import Bench, machine_load

BENCH = Bench("lumbung_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options = parser.parse_args()
    with BENCH.session(keep=options.keep):
        run(options)


def run(options: argparse.Namespace) -> None:
    seconds, _ = BENCH.manage("migrate_schemas", "--noinput", "-v", "0")
    print(f"setup: public schema migrated and 552 region rows loaded in {seconds:.1f} s")

    seconds, output = BENCH.manage(
        "activate_regions", "--all", "--no-progress", "--jobs", str(options.jobs)
    )
    print(
        f"activate all 552 regions from nothing (jobs={options.jobs}): {seconds:.1f} s wall, "
        f"{seconds / 552 * 1000:.0f} ms per region; machine load {machine_load()}"
    )
    print(f"  command said: {output.splitlines()[-1]}")

    seconds, output = BENCH.manage("activate_regions", "--all", "--no-progress")
    print(f"re-run with nothing to do: {seconds:.2f} s ({output.splitlines()[-1]})")

    seconds, output = BENCH.manage("migrate_schemas", "--noinput")
    print(f"migrate_schemas with nothing to do over 552 schemas + template: {seconds:.2f} s")
    print(f"  command said: {output.splitlines()[-1]}")

    seconds, output = BENCH.manage("migrate_schemas", "--noinput", "--executor", "multiprocessing")
    print(f"same with --executor=multiprocessing: {seconds:.2f} s")


if __name__ == "__main__":
    main()
