"""Fast creation of region schemas from a template that can never be stale.

Running Django's migrations for every new region costs 0.3-0.5 s (planning plus one DDL round trip
per operation), and django-tenants' stock clone function re-creates itself per tenant and breaks
under concurrency. Instead:

1. A template schema (TEMPLATE_SCHEMA) is built by running the real tenant migrations, including
   any data migrations, exactly as for a region.
2. Its catalog is read once and turned into one DDL script (tables, columns, identity, defaults,
   constraints, indexes, comments) plus the list of tables whose rows must be copied.
3. A new region schema is created by executing that script in a single round trip, inside the
   activation transaction, so a failure leaves nothing behind.

The template is "current" only when its recorded migrations equal the tenant migrations in the
code. Every activation checks this first and rebuilds a stale template, and `migrate_schemas`
migrates the template along with the regions, so a deploy can never produce a region whose
migrations are marked applied but never ran.

Any catalog object the script generator does not understand (views, triggers, functions, types,
free-standing sequences) raises UnsupportedTemplate; activation then falls back to running
migrations per region: slower, never wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

TEMPLATE_SCHEMA = "lumbung_template"
PLACEHOLDER = "__lumbung_new_schema__"
# Advisory lock between migrating the template (exclusive) and cloning it (shared).
TEMPLATE_LOCK = 7_215_522_001


class UnsupportedTemplate(Exception):
    """The template holds an object the DDL generator cannot reproduce faithfully."""


class TemplateChanged(Exception):
    """The template was migrated after its creation script was written: write it again."""


@dataclass(frozen=True)
class SchemaScript:
    fingerprint: str
    ddl: str
    tables_with_rows: tuple[str, ...]

    def render(self, schema_name: str) -> str:
        return self.ddl.replace(PLACEHOLDER, schema_name)


_script_cache: dict[str, SchemaScript] = {}
_lock = threading.Lock()


def tenant_app_labels() -> set[str]:
    from django.apps import apps

    # TENANT_APPS is set by lumbung.tenancy.apply_tenancy through the settings module's globals(),
    # which the settings plugin cannot see.
    tenant_apps: list[str] = settings.TENANT_APPS  # type: ignore[misc]
    return {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in tenant_apps}


def expected_tenant_migrations() -> frozenset[tuple[str, str]]:
    """Every (app, migration) of the tenant apps in the code, read from disk, no database."""
    labels = tenant_app_labels()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(key for key in loader.graph.nodes if key[0] in labels)


def migrations_fingerprint(migrations: frozenset[tuple[str, str]]) -> str:
    joined = "\n".join(f"{app}.{name}" for app, name in sorted(migrations))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None


def applied_tenant_migrations(schema_name: str) -> frozenset[tuple[str, str]]:
    labels = sorted(tenant_app_labels())
    with connection.cursor() as cursor:
        # Two index lookups. A join filtered on the names is planned as a scan of every schema's
        # django_migrations: 70 ms with 552 regions, run twice per activation.
        cursor.execute(
            "SELECT 1 FROM pg_class WHERE relname = 'django_migrations' "
            "AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = %s)",
            [schema_name],
        )
        if cursor.fetchone() is None:
            return frozenset()
        cursor.execute(
            f'SELECT app, name FROM "{schema_name}".django_migrations WHERE app = ANY(%s)',
            [labels],
        )
        return frozenset(cursor.fetchall())


def template_is_current() -> bool:
    """The template holds every migration this code needs. It may hold more: during a roll-out
    the template is migrated first, and code still running from the previous release then
    clones the newer template, which that code works with (migrations are expand-first)."""
    return schema_exists(TEMPLATE_SCHEMA) and expected_tenant_migrations() <= (
        applied_tenant_migrations(TEMPLATE_SCHEMA)
    )


@contextlib.contextmanager
def template_lock(*, exclusive: bool) -> Iterator[None]:
    """Hold the template still: exclusively while migrating it, shared while cloning it."""
    kind = "" if exclusive else "_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_advisory_lock{kind}(%s)", [TEMPLATE_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_unlock{kind}(%s)", [TEMPLATE_LOCK])


def rebuild_template() -> None:
    """Drop the template and build it again by running the real tenant migrations."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{TEMPLATE_SCHEMA}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=TEMPLATE_SCHEMA,
        interactive=False,
        verbosity=0,
    )
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants


def ensure_current_template() -> SchemaScript:
    """Return the creation script of a template that matches the code, rebuilding if needed.
    The rebuild holds the template's exclusive lock, as migrate_schemas does: it waits for
    schemas being created from the template (shared lock) and keeps another process's rebuild
    or roll-out from running beside it; whoever comes second finds the template current."""
    with _lock:
        if not template_is_current():
            with template_lock(exclusive=True):
                if not template_is_current():
                    rebuild_template()
        fingerprint = migrations_fingerprint(applied_tenant_migrations(TEMPLATE_SCHEMA))
        script = _script_cache.get(fingerprint)
        if script is None:
            script = build_script(fingerprint)
            _script_cache.clear()
            _script_cache[fingerprint] = script
        return script


def hold_template(script: SchemaScript) -> None:
    """Keep the template from being migrated until the caller's transaction ends, and check it
    is still the one `script` was written from: raises TemplateChanged if a roll-out migrated it
    since (the script would create the old tables while copying the new migration records)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK])
    if migrations_fingerprint(applied_tenant_migrations(TEMPLATE_SCHEMA)) != script.fingerprint:
        raise TemplateChanged(script.fingerprint)


def create_schema_from_script(schema_name: str, script: SchemaScript) -> None:
    """Create `schema_name` in one round trip. Call inside a transaction (hold_template)."""
    hold_template(script)
    with connection.cursor() as cursor:
        cursor.execute(script.render(schema_name))
    _forget_search_path()


def _forget_search_path() -> None:
    """The script changed search_path behind django-tenants' back (TENANT_LIMIT_SET_CALLS):
    make it set the path again before the next query."""
    connection.search_path_set_schemas = None  # type: ignore[attr-defined]  # django-tenants


# --- the DDL generator -------------------------------------------------------------------


def quote_identifier(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def build_script(fingerprint: str) -> SchemaScript:
    """Read the template's catalog and write the script that recreates it under PLACEHOLDER."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [TEMPLATE_SCHEMA])
        namespace_oid = cursor.fetchone()[0]
        # Names in the template print unqualified, public ones qualified: exactly what the script
        # needs when it runs with search_path = <new schema>, public. (django-tenants sets the
        # search path again for the next cursor, and SET LOCAL ends with the transaction.)
        cursor.execute(f'SET LOCAL search_path TO "{TEMPLATE_SCHEMA}"')
        _refuse_unsupported_objects(cursor, namespace_oid)
        statements, tables_with_rows = _table_statements(cursor, namespace_oid)
    _forget_search_path()

    target = quote_identifier(PLACEHOLDER)
    prologue = [f"CREATE SCHEMA {target}", f"SET LOCAL search_path TO {target}, public"]
    copies = []
    for table, identity_columns in tables_with_rows:
        copies.append(
            f"INSERT INTO {quote_identifier(table)} OVERRIDING SYSTEM VALUE "
            f"SELECT * FROM {quote_identifier(TEMPLATE_SCHEMA)}.{quote_identifier(table)}"
        )
        for column in identity_columns:
            copies.append(
                f"SELECT setval(pg_get_serial_sequence('{target}.{quote_identifier(table)}', '{column}'), "
                f"COALESCE((SELECT max({quote_identifier(column)}) FROM {quote_identifier(table)}), 1))"
            )
    epilogue = ["SET LOCAL search_path TO public"]
    ddl = ";\n".join([*prologue, *statements, *copies, *epilogue]) + ";"
    if TEMPLATE_SCHEMA in ddl.replace(f"{quote_identifier(TEMPLATE_SCHEMA)}.", ""):
        raise UnsupportedTemplate("the template schema name leaks into the creation script")
    return SchemaScript(fingerprint, ddl, tuple(table for table, _ in tables_with_rows))


def _refuse_unsupported_objects(cursor, namespace_oid: int) -> None:
    checks = {
        "views, materialized views or foreign tables": (
            "SELECT count(*) FROM pg_class WHERE relnamespace = %s AND relkind IN ('v','m','f','p')"
        ),
        "free-standing sequences": (
            "SELECT count(*) FROM pg_class s WHERE s.relnamespace = %s AND s.relkind = 'S' "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype IN ('i','a'))"
        ),
        "functions": "SELECT count(*) FROM pg_proc WHERE pronamespace = %s",
        "types": (
            "SELECT count(*) FROM pg_type t WHERE t.typnamespace = %s AND t.typtype IN ('e','d','c','r','m') "
            "AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid)"
        ),
        "triggers": (
            "SELECT count(*) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
            "WHERE c.relnamespace = %s AND NOT tg.tgisinternal"
        ),
        "row-level security policies": (
            "SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = %s"
        ),
    }
    for label, sql in checks.items():
        cursor.execute(sql, [namespace_oid])
        if cursor.fetchone()[0]:
            raise UnsupportedTemplate(f"the template has {label}")


def _table_statements(cursor, namespace_oid: int) -> tuple[list[str], list[tuple[str, list[str]]]]:
    cursor.execute(
        "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
        "WHERE c.relnamespace = %s AND c.relkind = 'r' ORDER BY c.relname",
        [namespace_oid],
    )
    tables = cursor.fetchall()
    creates: list[str] = []
    comments: list[str] = []
    tables_with_rows: list[tuple[str, list[str]]] = []
    for table_oid, table, table_comment in tables:
        cursor.execute(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                   col_description(a.attrelid, a.attnum)
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """,
            [table_oid],
        )
        columns = []
        identity_columns = []
        for (
            name,
            type_sql,
            not_null,
            default,
            identity,
            generated,
            collation,
            comment,
        ) in cursor.fetchall():
            parts = [quote_identifier(name), type_sql]
            if collation:
                parts.append(f"COLLATE {quote_identifier(collation)}")
            if generated == "s":
                parts.append(f"GENERATED ALWAYS AS ({default}) STORED")
            elif default is not None:
                parts.append(f"DEFAULT {default}")
            if identity == "d":
                parts.append("GENERATED BY DEFAULT AS IDENTITY")
                identity_columns.append(name)
            elif identity == "a":
                parts.append("GENERATED ALWAYS AS IDENTITY")
                identity_columns.append(name)
            if not_null:
                parts.append("NOT NULL")
            columns.append(" ".join(parts))
            if comment is not None:
                comments.append(
                    f"COMMENT ON COLUMN {quote_identifier(table)}.{quote_identifier(name)} IS {_literal(comment)}"
                )
        creates.append(
            f"CREATE TABLE {quote_identifier(table)} (\n  " + ",\n  ".join(columns) + "\n)"
        )
        if table_comment is not None:
            comments.append(
                f"COMMENT ON TABLE {quote_identifier(table)} IS {_literal(table_comment)}"
            )
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {quote_identifier(TEMPLATE_SCHEMA)}.{quote_identifier(table)})"
        )
        if cursor.fetchone()[0]:
            tables_with_rows.append((table, identity_columns))

    # Primary keys, unique, check and exclusion constraints before foreign keys, which need the
    # referenced unique indexes to exist.
    cursor.execute(
        """
        SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid, true)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        WHERE rel.relnamespace = %s AND con.contype IN ('p','u','c','x','f')
        ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2
                 WHEN 'c' THEN 3 ELSE 4 END, rel.relname, con.conname
        """,
        [namespace_oid],
    )
    constraints = [
        f"ALTER TABLE {quote_identifier(table)} ADD CONSTRAINT {quote_identifier(name)} {definition}"
        for table, name, definition in cursor.fetchall()
    ]
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE ic.relnamespace = %s
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                          WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                            AND con.contype IN ('p','u','x'))
        ORDER BY ic.relname
        """,
        [namespace_oid],
    )
    # pg_get_indexdef always qualifies the table; point it at the new schema.
    qualified = f" ON {TEMPLATE_SCHEMA}."
    indexes = [
        definition.replace(qualified, f" ON {quote_identifier(PLACEHOLDER)}.")
        for (definition,) in cursor.fetchall()
    ]
    return [*creates, *constraints, *indexes, *comments], tables_with_rows


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
