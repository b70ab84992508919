"""Does a new migration keep the previous release's code working? (expand/contract, docs/upgrades.md)

During a roll-out the previous release's web and worker processes keep serving while schemas
are migrated under them. A migration is safe for that when the old code can still read and
write every table it changed: new columns are nullable or have a database default (`db_default`,
not only a Python `default`, which Django drops from the database), and nothing the old code
uses is dropped, renamed or retyped. Such contracting steps belong in a later release, once no
running code uses the old shape; a migration that is one says so with `contract = True` on its
Migration class and is then reviewed by people, not by this check.

The SQL of each migration is written (as `sqlmigrate` would, against the template schema for
region apps) and read by django-migration-linter's PostgreSQL analyser. Migrations listed in
deploy/released-migrations.txt shipped in an earlier release and are not checked again.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.operations import AlterField, RunPython
from django.db.models import CharField

from regions.schema_template import TEMPLATE_SCHEMA, tenant_app_labels

RELEASED_MIGRATIONS = settings.REPO_DIR / "deploy" / "released-migrations.txt"

# Errors from django-migration-linter that break the previous release's code or lock a table
# for the whole roll-out; its warnings (e.g. CREATE INDEX on a small region table) are shown.
_BREAKING = {
    "NOT_NULL",
    "DROP_COLUMN",
    "DROP_TABLE",
    "RENAME_COLUMN",
    "RENAME_TABLE",
    "ALTER_COLUMN",
    "ADD_UNIQUE",
}


@dataclass(frozen=True)
class Finding:
    migration: str  # "app.name"
    code: str
    message: str
    breaking: bool

    def __str__(self) -> str:
        kind = "breaks the previous release" if self.breaking else "warning"
        return f"{self.migration}: {self.code} — {self.message} ({kind})"


def released() -> set[str]:
    if not RELEASED_MIGRATIONS.exists():
        return set()
    lines = RELEASED_MIGRATIONS.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def project_migrations(loader: MigrationLoader) -> list[tuple[str, str]]:
    """The project's own migrations (not Django's or a library's), in dependency order."""
    base = Path(settings.REPO_DIR)
    order: dict[tuple[str, str], int] = {}
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            order.setdefault(key, len(order))
    own = []
    for key in order:
        path = Path(sys.modules[loader.graph.nodes[key].__module__].__file__ or "/").resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            own.append(key)
    return own


def write_released(path: Path = RELEASED_MIGRATIONS) -> int:
    """Mark every migration in the code as released (run when cutting a release)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    keys = [f"{app}.{name}" for app, name in project_migrations(loader)]
    header = (
        "# Migrations shipped in a release: the roll-out safety check (regions.migration_safety)\n"
        "# checks only migrations not listed here. Regenerate when cutting a release:\n"
        "#   manage.py check_rollout_safety --mark-released\n"
    )
    path.write_text(header + "\n".join(keys) + "\n", encoding="utf-8")
    return len(keys)


def unreleased_findings() -> list[Finding]:
    """Findings for every project migration not yet released."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    done = released()
    findings: list[Finding] = []
    for app, name in project_migrations(loader):
        if f"{app}.{name}" not in done:
            findings.extend(check_migration(loader, (app, name)))
    return findings


def check_migration(loader: MigrationLoader, node: tuple[str, str]) -> list[Finding]:
    from django_migration_linter.sql_analyser import PostgresqlAnalyser

    migration: Migration = loader.graph.nodes[node]
    label = f"{node[0]}.{node[1]}"
    if getattr(migration, "contract", False):
        return []
    findings = [
        Finding(label, "RUNPYTHON_REVERSIBLE", "RunPython without reverse code", True)
        for operation in migration.operations
        if isinstance(operation, RunPython) and not operation.reversible
    ]
    try:
        statements = migration_sql(loader, node)
    except Exception as exc:  # introspection against a schema that is already past it
        findings.append(Finding(label, "UNCHECKED", f"its SQL could not be written ({exc})", True))
        return findings
    analyser = PostgresqlAnalyser(exclude_migration_tests=None)
    analyser.analyse(statements)
    widened = widened_text_columns(loader, node)
    for issue in [*analyser.errors, *analyser.warnings]:
        where = ".".join(part for part in (issue.table, issue.column) if part)
        breaking = issue.code in _BREAKING
        message = f"{issue.message}{f' ({where})' if where else ''}"
        if issue.code == "ALTER_COLUMN" and (issue.table, issue.column) in widened:
            breaking = False
            message += ": only a longer varchar, which every value the previous release writes fits"
        findings.append(Finding(label, issue.code, message, breaking))
    return findings


def widened_text_columns(loader: MigrationLoader, node: tuple[str, str]) -> set[tuple[str, str]]:
    """(table, column) of each varchar the migration only lengthens. PostgreSQL changes the
    catalog without rewriting the table, and the previous release reads and writes it as
    before; the linter cannot tell this from a retyping and flags every ALTER COLUMN."""
    migration = loader.graph.nodes[node]
    state = loader.project_state(node, at_end=False)
    widened = set()
    for operation in migration.operations:
        if isinstance(operation, AlterField):
            model = state.apps.get_model(node[0], operation.model_name)
            old = model._meta.get_field(operation.name)
            new = operation.field
            if (
                type(old) is type(new)
                and isinstance(new, CharField)
                and old.max_length is not None
                and (new.max_length is None or new.max_length > old.max_length)
                and old.null == new.null
                and old.column == (new.db_column or operation.name)
            ):
                widened.add((model._meta.db_table, old.column))
        state = state.clone()
        operation.state_forwards(node[0], state)
    return widened


def migration_sql(loader: MigrationLoader, node: tuple[str, str]) -> list[str]:
    """The SQL statements of one migration, written as in the schema it runs in (the template
    for region apps, where the tenant router lets their operations through)."""
    migration = loader.graph.nodes[node]
    state = loader.project_state(node, at_end=False)
    schema = TEMPLATE_SCHEMA if node[0] in tenant_app_labels() else "public"
    connection.set_schema(schema)  # type: ignore[attr-defined]  # django-tenants
    try:
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            migration.apply(state, editor, collect_sql=True)
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    return [statement for statement in editor.collected_sql if not statement.startswith("--")]
