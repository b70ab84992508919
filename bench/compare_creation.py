"""Benchmark: three ways to create a region schema, measured alike in one run, and the whole
activation of a region beside them.

    .venv/bin/python bench/compare_creation.py [--sample 10] [--keep]

Uses a database of its own (lumbung_bench_creation on the server of DATABASE_URL), dropped and
created fresh, migrated (public schema, 552 region rows) with the template built once, as
`activate_regions` builds it once per command; dropped again at the end unless --keep.

Each figure is the wall time of one new schema, committed, from the same starting point:

1. stock migrations: django-tenants' `create_schema` (CREATE SCHEMA, then every tenant migration
   through django-tenants' own executor, not this project's roll-out);
2. stock clone: django-tenants' `clone_schema()` SQL function copying the template, then the
   `migrate_schemas --fake` django-tenants runs after a clone (both shown);
3. ours: `regions.schema_template.create_schema_from_script` in its own transaction, split into
   the template check (shared advisory lock + the template's migrations read back), the DDL script
   (one round trip) and the commit.

The three methods take turns schema by schema (the order rotating each round), so the load of a
shared machine falls on all of them alike; the median and p95 over the sample are printed, and
the speed-ups are ratios of medians from this run. Last, `activate_regions` activates --sample
real regions in one call, as `manage.py activate_regions` does: the schema plus the region's
bookkeeping (row lock, schema version rows, event, pipeline effect), per region. The ratios are
the figures to read; absolute times vary with the machine's load (printed).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from _setup import Bench, freeze_heap, machine_load, percentile

BENCH = Bench("lumbung_bench_creation", debug=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options = parser.parse_args()
    with BENCH.session(keep=options.keep):
        run(options.sample)


def run(sample: int) -> None:
    seconds, _ = BENCH.manage("migrate_schemas", "--shared", "--noinput", "-v", "0")
    print(f"setup: public schema migrated and 552 region rows loaded in {seconds:.1f} s")

    import django_tenants.management.commands.migrate_schemas as stock_command
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema
    from django_tenants.migration_executors import get_executor as stock_executor

    from regions.activation import activate_regions
    from regions.models import Region
    from regions.schema_template import (
        TEMPLATE_LOCK,
        TEMPLATE_SCHEMA,
        TemplateChanged,
        applied_tenant_migrations,
        ensure_current_template,
        migrations_fingerprint,
    )

    started = time.perf_counter()
    script = ensure_current_template()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s GROUP BY 1",
            [TEMPLATE_SCHEMA],
        )
        kinds = dict(cursor.fetchall())
    print(
        f"setup: template built and its script written in {time.perf_counter() - started:.1f} s "
        f"({kinds.get('r', 0)} tables, {kinds.get('i', 0)} indexes, {kinds.get('S', 0)} "
        f"sequences; script {len(script.ddl) // 1024} KiB, {script.ddl.count(';')} statements)"
    )
    # The stock anchor runs django-tenants' own executor, not regions.migration_executor.
    stock_command.GET_EXECUTOR_FUNCTION = stock_executor

    def by_migrations(name: str) -> dict[str, float]:
        Region(schema_name=name).create_schema(check_if_exists=False, sync_schema=True, verbosity=0)
        return {}

    def by_stock_clone(name: str) -> dict[str, float]:
        started = time.perf_counter()
        CloneSchema().clone_schema(TEMPLATE_SCHEMA, name, set_connection=False)
        cloned = time.perf_counter()
        call_command(
            "migrate_schemas", tenant=True, fake=True, schema_name=name, interactive=False,
            verbosity=0,
        )  # fmt: skip
        connection.set_schema_to_public()
        return {"clone_schema()": cloned - started, "migrate --fake": time.perf_counter() - cloned}

    def by_script(name: str) -> dict[str, float]:
        # create_schema_from_script, step by step, to see where the time goes.
        started = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK])
            fingerprint = migrations_fingerprint(applied_tenant_migrations(TEMPLATE_SCHEMA))
            if fingerprint != script.fingerprint:
                raise TemplateChanged(name)
            checked = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(script.render(name))
            connection.search_path_set_schemas = None  # as _forget_search_path does
            executed = time.perf_counter()
        committed = time.perf_counter()
        return {
            "template check": checked - started,
            "DDL script": executed - checked,
            "commit": committed - executed,
        }

    methods: list[tuple[str, Callable[[str], dict[str, float]]]] = [
        ("stock: migrations", by_migrations),
        ("stock: clone_schema() + migrate --fake", by_stock_clone),
        ("ours: template DDL script", by_script),
    ]
    totals: dict[str, list[float]] = {label: [] for label, _ in methods}
    parts: dict[str, dict[str, list[float]]] = {label: {} for label, _ in methods}
    freeze_heap()
    for round_number in range(sample):
        shift = round_number % len(methods)
        for index, (label, create) in enumerate(methods[shift:] + methods[:shift]):
            name = f"bench_{round_number:03d}_{index}"
            connection.set_schema_to_public()
            started = time.perf_counter()
            steps = create(name)
            totals[label].append((time.perf_counter() - started) * 1000)
            for step, seconds in steps.items():
                parts[label].setdefault(step, []).append(seconds * 1000)

    print(f"sample of {sample} schemas per method, taking turns; machine load {machine_load()}")
    medians = {label: statistics.median(values) for label, values in totals.items()}
    for label, values in totals.items():
        detail = ", ".join(
            f"{step} {statistics.median(samples):.0f}" for step, samples in parts[label].items()
        )
        print(
            f"{label:<40} median {medians[label]:6.0f} ms, p95 {percentile(values, 0.95):6.0f} ms "
            f"per schema (~{medians[label] * 552 / 1000:5.0f} s for 552)"
            + (f"  [{detail} ms]" if detail else "")
        )
    ours = medians["ours: template DDL script"]
    for label in ("stock: migrations", "stock: clone_schema() + migrate --fake"):
        print(f"  ours is {medians[label] / ours:.1f}x faster than {label} (medians, same run)")

    regions = list(Region.objects.filter(is_active=False).order_by("code")[:sample])
    started = time.perf_counter()
    report = activate_regions(regions)
    seconds = time.perf_counter() - started
    print(
        f"activate_regions on {len(report.activated)} regions in one call: {seconds:.2f} s, "
        f"{seconds / len(regions) * 1000:.0f} ms per region (the schema plus the region's "
        f"bookkeeping; includes one template check for the call); machine load {machine_load()}"
    )


if __name__ == "__main__":
    main()
