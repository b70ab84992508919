"""Benchmark: activating all 552 regions, the no-op re-run, and migrate_schemas with nothing to do.

    .venv/bin/python bench/activation.py [--jobs 1] [--keep]

Uses a separate database (lumbung_bench on the server of DATABASE_URL, or the local default),
dropped and created fresh, so the figures start from nothing. Prints one line per measurement.
Targets (issue #3): 552 activations < 60 s; no-op re-run < 5 s; no-op migrate_schemas < 15 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "lumbung_bench"


def env() -> dict[str, str]:
    values = dict(os.environ)
    values.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="lumbung.settings",
        DJANGO_ENV="development",
        DATABASE_NAME=BENCH_DB,
    )
    return values


def manage(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout.strip()


def recreate_database() -> None:
    import django

    os.environ.update({key: value for key, value in env().items() if key != "DATABASE_NAME"})
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    django.setup()
    from django.db import connection

    with connection._nodb_cursor() as cursor:  # the maintenance database, as the test runner
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()

    recreate_database()
    seconds, _ = manage("migrate_schemas", "--noinput", "-v", "0")
    print(f"setup: public schema migrated and 552 region rows loaded in {seconds:.1f} s")

    seconds, output = manage(
        "activate_regions", "--all", "--no-progress", "--jobs", str(options.jobs)
    )
    print(
        f"activate all 552 regions from nothing (jobs={options.jobs}): {seconds:.1f} s wall, {seconds / 552 * 1000:.0f} ms per region"
    )
    print(f"  command said: {output.splitlines()[-1]}")

    seconds, output = manage("activate_regions", "--all", "--no-progress")
    print(f"re-run with nothing to do: {seconds:.2f} s ({output.splitlines()[-1]})")

    seconds, output = manage("migrate_schemas", "--noinput")
    print(f"migrate_schemas with nothing to do over 552 schemas + template: {seconds:.2f} s")
    print(f"  command said: {output.splitlines()[-1]}")

    seconds, output = manage("migrate_schemas", "--noinput", "--executor", "multiprocessing")
    print(f"same with --executor=multiprocessing: {seconds:.2f} s")


if __name__ == "__main__":
    main()
