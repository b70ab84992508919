"""A comparable description of a schema's structure, with the schema's own name removed."""

from __future__ import annotations

from django.db import connection


def schema_catalog(schema_name: str) -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 1, 2
            """,
            [schema_name],
        )
        columns = cursor.fetchall()
        cursor.execute(
            """
            SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = rel.relnamespace
            WHERE n.nspname = %s AND con.contype <> 'n' ORDER BY 1, 2
            """,
            [schema_name],
        )
        constraints = [
            (table, name, kind, definition.replace(f"{schema_name}.", "<schema>."))
            for table, name, kind, definition in cursor.fetchall()
        ]
        cursor.execute(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE n.nspname = %s ORDER BY 1
            """,
            [schema_name],
        )
        indexes = [
            (name, definition.replace(f"{schema_name}.", "<schema>."), unique)
            for name, definition, unique in cursor.fetchall()
        ]
        cursor.execute(
            f'SELECT app, name FROM "{schema_name}".django_migrations ORDER BY app, name'
        )
        migrations = cursor.fetchall()
    return {
        "columns": columns,
        "constraints": constraints,
        "indexes": indexes,
        "migrations": migrations,
    }
