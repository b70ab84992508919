"""Benchmark: activating all 552 regions, the no-op re-run, and migrate_schemas with nothing to do.

    .venv/bin/python bench/activation.py [--jobs 1] [--keep] [--spares]

Uses a separate database (lumbung_bench on the server of DATABASE_URL, or the local default),
dropped and created fresh, so the figures start from nothing, and dropped again at the end unless
--keep. Prints one line per measurement.
Targets (issue #3): 552 activations < 60 s; no-op re-run < 5 s; no-op migrate_schemas < 15 s.
Issue #19: 552 activations < 30 s. With --spares, `spare_schemas make 552` runs first, timed and
printed on its own line (the DDL moved ahead of the activation, not removed), then the activation
renames them (regions.spare_schemas).
"""

from __future__ import annotations

import argparse

from _setup import Bench, machine_load

BENCH = Bench("lumbung_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--spares",
        action="store_true",
        help="make 552 spare schemas first (timed apart), then activate (issue #19)",
    )
    options = parser.parse_args()
    with BENCH.session(keep=options.keep):
        run(options)


def run(options: argparse.Namespace) -> None:
    seconds, _ = BENCH.manage("migrate_schemas", "--noinput", "-v", "0")
    print(f"setup: public schema migrated and 552 region rows loaded in {seconds:.1f} s")

    ahead = "from nothing"
    if options.spares:
        seconds, output = BENCH.manage("spare_schemas", "make", "552")
        print(
            f"made 552 spare schemas ahead (no activation waits for this): {seconds:.1f} s wall, "
            f"{seconds / 552 * 1000:.0f} ms per schema; machine load {machine_load()}"
        )
        print(f"  command said: {output.splitlines()[-1]}")
        ahead = "with 552 spare schemas ready"
    seconds, output = BENCH.manage(
        "activate_regions", "--all", "--no-progress", "--jobs", str(options.jobs)
    )
    print(
        f"activate all 552 regions {ahead} (jobs={options.jobs}): {seconds:.1f} s wall, "
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
