"""Which tenant migrations the running code needs, and which region schemas hold them.

During a roll-out, code and schemas disagree for a while: new code starts while some region
schemas are still being migrated, and old code keeps serving schemas that are already migrated.
Migrations are written expand-first (docs/upgrades.md), so old code works on a newer schema; new
code on an older schema does not. The routing therefore asks `is_ready(schema)` before serving a
region, and a region that is behind gets the "pembaruan sedang berlangsung" page instead of an
error. The answer comes from the schema's own django_migrations table, once per process when the
schema is ready (a schema never moves backwards while the code runs) and on every request while
it lags, which is only during a roll-out.

SchemaState (public schema) keeps a summary per schema for /healthz and `region_schemas status`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from regions.models import Region, SchemaState
from regions.schema_template import (
    TEMPLATE_SCHEMA,
    applied_tenant_migrations,
    expected_tenant_migrations,
    tenant_app_labels,
)

# Schemas this process has seen holding every migration its code needs.
_ready: set[str] = set()


def key(migration: tuple[str, str]) -> str:
    return f"{migration[0]}.{migration[1]}"


@functools.cache
def needed_keys() -> frozenset[str]:
    """The tenant migrations this code needs, as "app.migration" (read from disk once)."""
    return frozenset(key(migration) for migration in expected_tenant_migrations())


def is_ready(schema_name: str) -> bool:
    """Does the schema hold every tenant migration the running code needs?"""
    if schema_name in _ready:
        return True
    applied = {key(migration) for migration in applied_tenant_migrations(schema_name)}
    if needed_keys() <= applied:
        _ready.add(schema_name)
        if (
            SchemaState.objects.filter(schema_name=schema_name)
            .exclude(applied__contains=sorted(needed_keys()))
            .exists()
        ):
            # The summary was behind the truth (a schema migrated by other means).
            record_applied(schema_name, applied)
        return True
    return False


def mark_ready(schema_name: str) -> None:
    """Called where this process made the schema current (activation, roll-out)."""
    _ready.add(schema_name)


def forget(schema_name: str | None = None) -> None:
    """Drop what this process remembers (tests that move a schema backwards)."""
    if schema_name is None:
        _ready.clear()
    else:
        _ready.discard(schema_name)


def record_applied(schema_name: str, applied: Iterable[str]) -> None:
    """Summarise a schema's state after a successful step: its failure, if any, is resolved."""
    SchemaState.objects.update_or_create(
        schema_name=schema_name,
        defaults={
            "applied": sorted(applied),
            "failed_migration": "",
            "error": "",
            "failed_at": None,
        },
    )


def record_failure(schema_name: str, applied: Iterable[str], migration: str, error: str) -> None:
    SchemaState.objects.update_or_create(
        schema_name=schema_name,
        defaults={
            "applied": sorted(applied),
            "failed_migration": migration,
            "error": error[:4000],
            "failed_at": timezone.now(),
        },
    )


def refresh(schema_names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Read every existing schema's migrations (any app) and refresh their summaries in one
    statement, keeping recorded failures; returns what was read."""
    applied = applied_by_schema(schema_names)
    labels = tenant_app_labels()
    rows = [
        SchemaState(
            schema_name=name,
            applied=sorted(m for m in migrations if m.split(".", 1)[0] in labels),
        )
        for name, migrations in applied.items()
    ]
    SchemaState.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["schema_name"],
        update_fields=["applied", "updated_at"],
        batch_size=500,
    )
    return applied


@dataclass(frozen=True)
class SchemaCounts:
    ready: int
    lagging: int
    failed: int


def lagging_regions() -> Q:
    """Active regions whose schema does not (as last recorded) hold what the code needs."""
    behind = SchemaState.objects.exclude(applied__contains=sorted(needed_keys()))
    return Q(is_active=True) & Q(schema_name__in=behind.values("schema_name"))


def counts() -> SchemaCounts:
    """Active regions by schema state, from the summary (one query)."""
    from django.db.models import Count

    active = Region.objects.filter(is_active=True)
    failed_names = SchemaState.objects.exclude(failed_migration="").values("schema_name")
    figures = active.aggregate(
        total=Count("pk"),
        lagging=Count("pk", filter=lagging_regions()),
        failed=Count("pk", filter=Q(schema_name__in=failed_names)),
    )
    return SchemaCounts(
        ready=figures["total"] - figures["lagging"],
        lagging=figures["lagging"],
        failed=figures["failed"],
    )


def existing_schemas(schema_names: Iterable[str]) -> dict[str, bool]:
    """The schemas among `schema_names` that exist, each with whether it has a django_migrations
    table yet (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid "
            "AND c.relname = 'django_migrations') FROM pg_namespace n WHERE n.nspname = ANY(%s)",
            [list(schema_names)],
        )
        return dict(cursor.fetchall())


def applied_by_schema(schema_names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every migration (any app) recorded in each existing schema, read in a few statements; a
    schema without a django_migrations table (just created) has none. Schemas that do not exist
    (regions never activated) are left out."""
    names = list(schema_names)
    has_table = existing_schemas(names)
    with connection.cursor() as cursor:
        found: dict[str, set[str]] = {name: set() for name in names if name in has_table}
        ordered = [name for name in names if has_table.get(name)]
        for start in range(0, len(ordered), 100):
            chunk = ordered[start : start + 100]
            sql = " UNION ALL ".join(
                f"SELECT %s, app || '.' || name FROM \"{name}\".django_migrations" for name in chunk
            )
            cursor.execute(sql, chunk)
            for schema, migration in cursor.fetchall():
                found[schema].add(migration)
    return {name: frozenset(applied) for name, applied in found.items()}


def region_schema_names() -> list[str]:
    """The template first, then every region schema that exists (activated once)."""
    names = list(Region.objects.order_by("code").values_list("schema_name", flat=True))
    return [TEMPLATE_SCHEMA, *names]
