"""A migrate_schemas executor that skips up-to-date schemas before Django plans anything.

Stock django-tenants builds a full migration plan for every schema, even with nothing to do
(~0.1 s each, ~50 s for 552 regions). Here one query reads which tenant migrations every schema
has applied; only schemas that miss one go through the stock executor. Schemas of regions that
were never activated do not exist and are skipped; the template schema is migrated too, so it can
never fall behind the regions it is cloned into.
"""

from __future__ import annotations

import functools
import sys

from django.db import connection
from django_tenants.migration_executors import get_executor as stock_get_executor
from django_tenants.utils import get_public_schema_name

from regions.schema_template import (
    TEMPLATE_SCHEMA,
    expected_tenant_migrations,
    tenant_app_labels,
)

# Options under which the stock behaviour must be kept untouched (targeting one migration,
# faking, planning, checking, pruning).
_STOCK_ONLY_OPTIONS = (
    "app_label",
    "migration_name",
    "fake",
    "fake_initial",
    "plan",
    "check_unapplied",
    "prune",
)


@functools.cache
def get_executor(codename: str | None = None) -> type:
    stock = stock_get_executor(codename)

    # The base is django-tenants' executor for `codename`, chosen at run time: mypy only takes
    # classes it can name as bases.
    class SkipUpToDateExecutor(stock):  # type: ignore[valid-type, misc]
        def run_migrations(self, tenants=None):
            tenants = list(tenants or [])
            public = get_public_schema_name()
            if tenants == [public]:
                return super().run_migrations(tenants=tenants)
            if any(self.options.get(opt) for opt in _STOCK_ONLY_OPTIONS):
                # Stock behaviour, but only over schemas that exist: regions that were never
                # activated have none.
                return super().run_migrations(tenants=existing_schemas(tenants))
            if len(tenants) > 1 and TEMPLATE_SCHEMA not in tenants:
                tenants.append(TEMPLATE_SCHEMA)
            record_shared_migrations(tenants)
            pending = schemas_needing_migrations(tenants)
            if int(self.options.get("verbosity", 1)) >= 1:
                sys.stdout.write(
                    f"Region schemas: {len(pending)} to migrate, "
                    f"{len(tenants) - len(pending)} up to date or not activated.\n"
                )
            if pending:
                return super().run_migrations(tenants=pending)
            return None

    SkipUpToDateExecutor.__name__ = f"SkipUpToDate{stock.__name__}"
    return SkipUpToDateExecutor


def existing_schemas(schema_names: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(schema_names)]
        )
        found = {row[0] for row in cursor.fetchall()}
    return [name for name in schema_names if name in found]


def schemas_needing_migrations(schema_names: list[str]) -> list[str]:
    """The existing schemas among `schema_names` that miss at least one tenant migration."""
    expected = expected_tenant_migrations()
    keys = sorted(f"{app}.{name}" for app, name in expected)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid "
            "AND c.relname = 'django_migrations') FROM pg_namespace n WHERE n.nspname = ANY(%s)",
            [list(schema_names)],
        )
        existing = dict(cursor.fetchall())
        with_table = [name for name in schema_names if existing.get(name)]
        counts: dict[str, int] = {}
        # One statement for all schemas; chunked to keep each statement a reasonable size.
        for start in range(0, len(with_table), 200):
            chunk = with_table[start : start + 200]
            sql = " UNION ALL ".join(
                f"SELECT '{name}', count(*) FROM \"{name}\".django_migrations "
                "WHERE app || '.' || name = ANY(%(keys)s)"
                for name in chunk
            )
            cursor.execute(sql, {"keys": keys})
            counts.update(dict(cursor.fetchall()))
    return [
        name for name in schema_names if name in existing and counts.get(name, 0) < len(expected)
    ]


def record_shared_migrations(schema_names: list[str]) -> int:
    """Record in each existing region schema the shared apps' migrations that the public schema
    has applied and the region schema has not recorded yet; returns how many schemas changed.

    In a region schema a shared app's migration does nothing (the tenant router keeps its tables
    and data in public) but stock django-tenants still records it there, and `migrate_schemas
    --check` expects the record. Writing the record directly spares planning every schema after
    a deploy that only added a shared migration."""
    labels = sorted(tenant_app_labels())
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE c.relname = 'django_migrations' AND n.nspname = ANY(%s)",
            [list(schema_names)],
        )
        with_table = [row[0] for row in cursor.fetchall()]
        public = get_public_schema_name()
        for name in with_table:
            if name == public:
                continue
            cursor.execute(
                f'INSERT INTO "{name}".django_migrations (app, name, applied) '
                f'SELECT p.app, p.name, now() FROM "{public}".django_migrations p '
                "WHERE NOT (p.app = ANY(%s)) AND NOT EXISTS ("
                f'SELECT 1 FROM "{name}".django_migrations d '
                "WHERE d.app = p.app AND d.name = p.name)",
                [labels],
            )
            changed += cursor.rowcount > 0
    return changed
