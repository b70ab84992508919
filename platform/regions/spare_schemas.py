"""Region schemas made ahead of their activation ("spares"), so that activating is a rename.

Creating a region schema is PostgreSQL DDL: some 210 relations (tables, indexes, sequences, TOAST
tables), 90-180 ms per region on the 2-core machine whatever the method (docs/benchmarks.md). A
national roll-out activating all 552 regions waited for all of it. Spares move that work to
before anyone waits: each is a copy of the template made by the template's own creation script,
under a name that carries the template's migrations fingerprint. Activation renames a spare of
the current fingerprint to the region's schema name inside its transaction (a catalog update, not
DDL per relation); with none left it creates the schema as before. So a spare can never hand a
region an old schema: after a roll-out migrates the template its fingerprint changes, no older
spare matches it any more, and the next `keep_spares` drops them and makes new ones.

Spares are plain schemas, not tenants: nothing routes to them, the roll-out does not migrate them,
and dropping them all (`drop_spares`) loses nothing.

    manage.py spare_schemas status | make N | drop
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import connection, transaction

from regions.schema_template import (
    SchemaScript,
    UnsupportedTemplate,
    create_schema_from_script,
    ensure_current_template,
    hold_template,
    quote_identifier,
    schema_exists,
)

logger = logging.getLogger(__name__)

SPARE_PREFIX = "lumbung_spare_"
# Transaction-scoped advisory locks (none outlives its transaction, so a pooled connection is never
# pinned): one spare while it is renamed or dropped (two-key form, the second key the hash of its
# name), and a keeper while it makes one spare.
SPARE_LOCK_CLASS = 721_552
KEEPER_LOCK = 7_215_522_002


@dataclass(frozen=True)
class SpareCount:
    current: int  # of the template's current fingerprint: activation takes these
    stale: int  # of an older template: never taken, dropped by keep_spares()


@dataclass(frozen=True)
class KeptSpares:
    made: int
    dropped: int
    ready: int


def spare_prefix(fingerprint: str) -> str:
    return f"{SPARE_PREFIX}{fingerprint}_"


def _spare_names(prefix: str = SPARE_PREFIX) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
            [prefix],
        )
        return [name for (name,) in cursor.fetchall()]


def count_spares(fingerprint: str) -> SpareCount:
    names = _spare_names()
    current = sum(name.startswith(spare_prefix(fingerprint)) for name in names)
    return SpareCount(current, len(names) - current)


def _claim(cursor, name: str) -> bool:
    """Lock one spare for this transaction; False when another transaction holds it (it is
    being taken or dropped) or it is gone (taken and committed meanwhile)."""
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [SPARE_LOCK_CLASS, name])
    return cursor.fetchone()[0] and schema_exists(name)


def take_spare(schema_name: str, script: SchemaScript) -> bool:
    """Rename a spare made from `script`'s template to `schema_name`; False when none is left.
    Call inside the activation's transaction: a rollback gives the spare back. Raises
    TemplateChanged (as creating from the script does) when the template was migrated since the
    script was written."""
    candidates = _spare_names(spare_prefix(script.fingerprint))
    if not candidates:
        return False  # the usual case without spares: no further query
    hold_template(script)
    with connection.cursor() as cursor:
        for name in candidates:
            if _claim(cursor, name):
                cursor.execute(
                    f"ALTER SCHEMA {quote_identifier(name)} "
                    f"RENAME TO {quote_identifier(schema_name)}"
                )
                return True
    return False


def keep_spares(count: int) -> KeptSpares:
    """Drop the spares of an older template and make spares of the current one until at least
    `count` are ready (more made earlier are kept), each in its own transaction: an interrupted
    run leaves whole spares only. Made one after the other: parallel DDL contends on the catalog
    and was slower on this machine. While another keeper is making one, this one stops."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    try:
        script = ensure_current_template()
    except UnsupportedTemplate as exc:
        # Activation runs the migrations per region then (regions.activation); a spare would
        # need the script it cannot have.
        logger.warning("no spare region schemas: the template cannot be scripted (%s)", exc)
        return KeptSpares(0, 0, 0)
    prefix = spare_prefix(script.fingerprint)
    dropped = sum(_drop(name) for name in _spare_names() if not name.startswith(prefix))
    made = 0
    for _ in range(count):
        if not _make_one(script, count):
            break
        made += 1
    result = KeptSpares(made, dropped, len(_spare_names(prefix)))
    if made or dropped:
        logger.info(
            "spare region schemas: %d made, %d dropped, %d ready",
            result.made,
            result.dropped,
            result.ready,
        )
    return result


def drop_spares() -> KeptSpares:
    """Drop every spare (none is anyone's data); the template is neither read nor rebuilt."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    dropped = sum(_drop(name) for name in _spare_names())
    return KeptSpares(0, dropped, len(_spare_names()))


def _make_one(script: SchemaScript, count: int) -> bool:
    """Make one spare of `script` in its own transaction, unless `count` are ready already or
    another keeper is making one right now (a transaction-scoped lock: keepers take turns spare
    by spare, and each counts what is ready first, so together they never make more)."""
    prefix = spare_prefix(script.fingerprint)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [KEEPER_LOCK])
            if not cursor.fetchone()[0]:
                return False
        if len(_spare_names(prefix)) >= count:
            return False
        create_schema_from_script(prefix + secrets.token_hex(6), script)
    return True


def _drop(name: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        if not _claim(cursor, name):
            return 0  # being taken right now
        cursor.execute(f"DROP SCHEMA {quote_identifier(name)} CASCADE")
    return 1
