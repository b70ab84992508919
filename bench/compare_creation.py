"""Benchmark: three ways to create a region schema, on a sample of regions.

    .venv/bin/python bench/compare_creation.py [--sample 20]

1. stock migrations: django-tenants runs every tenant migration per schema;
2. stock clone: django-tenants' clone_schema SQL function copying the template schema;
3. ours: one DDL script read from the template's catalog, executed in one round trip
   (regions.schema_template), as `activate_regions` does.
Each sample schema is dropped again afterwards. Run bench/activation.py for the full 552.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
os.environ.setdefault("DATABASE_NAME", "lumbung_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=20)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema

    from regions.models import Region
    from regions.schema_template import (
        TEMPLATE_SCHEMA,
        create_schema_from_script,
        ensure_current_template,
    )

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    script = ensure_current_template()
    names = [f"bench_{index:03d}" for index in range(options.sample)]

    def drop_all() -> None:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def measure(label: str, create) -> None:
        drop_all()
        started = time.perf_counter()
        for name in names:
            create(name)
        elapsed = time.perf_counter() - started
        per = elapsed / len(names)
        print(f"{label:<28} {per * 1000:7.0f} ms per region  (~{per * 552:5.0f} s for 552)")
        drop_all()

    def by_migrations(name: str) -> None:
        region = Region(schema_name=name)
        region.create_schema(check_if_exists=False, sync_schema=True, verbosity=0)

    def by_stock_clone(name: str) -> None:
        CloneSchema().clone_schema(TEMPLATE_SCHEMA, name, set_connection=False)

    def by_script(name: str) -> None:
        with transaction.atomic():
            create_schema_from_script(name, script)

    from regions.schema_template import tenant_app_labels

    print(f"sample of {len(names)} schemas; tenant apps: {', '.join(sorted(tenant_app_labels()))}")
    measure("stock: migrations", by_migrations)
    measure("stock: clone_schema()", by_stock_clone)
    measure("ours: template DDL script", by_script)


if __name__ == "__main__":
    main()
