"""Catalog changes as a log instead of one version row (issue #19).

Migration 0002 bumped a single catalog_version row in every transaction that wrote an entry, so
two transactions writing different entries waited on each other (one row lock) until the first
committed. Now each writing statement appends the ids it touched to catalog_change, an insert
that never waits on another writer; readers (replication.catalog.facet_index) read the changes
since the oldest transaction that was still running when they last looked (their snapshot's
xmin), apply the new ones to their in-memory index, and never miss a late commit: a change of a
transaction that was running then has an xid at or above that horizon.

The version row's triggers go (the contraction is reviewed: processes of the previous release
still running during a roll-out keep the facet counts they had until they restart; search
results themselves come from the database and stay exact). Old changes are pruned by
`catalog.prune_changes` (Celery beat)."""

from django.db import migrations


def _triggers(per_statement: str, on_truncate: str) -> str:
    """The four statement triggers on catalog entries: the changed rows go to `per_statement`,
    a TRUNCATE to `on_truncate` (migration 0002's functions, or this one's)."""
    changed = (
        ("inserted", "INSERT", "NEW"),
        ("updated", "UPDATE", "NEW"),
        ("deleted", "DELETE", "OLD"),
    )
    return "".join(
        f"CREATE TRIGGER catalog_entry_{name} AFTER {event} ON catalog_catalogentry\n"
        f"    REFERENCING {table} TABLE AS changed\n"
        f"    FOR EACH STATEMENT EXECUTE FUNCTION {per_statement}();\n"
        for name, event, table in changed
    ) + (
        "CREATE TRIGGER catalog_entry_truncated AFTER TRUNCATE ON catalog_catalogentry\n"
        f"    FOR EACH STATEMENT EXECUTE FUNCTION {on_truncate}();\n"
    )


FORWARD = """
CREATE TABLE catalog_change (
    id bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    -- 0: every entry (a TRUNCATE); readers reload whole.
    entry_id bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_change_xid ON catalog_change (xid);

CREATE FUNCTION catalog_change_record() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO catalog_change (entry_id) SELECT DISTINCT id FROM changed;
    RETURN NULL;
END $$;

CREATE FUNCTION catalog_change_record_all() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO catalog_change (entry_id) VALUES (0);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS catalog_entry_inserted ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_updated ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_deleted ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_truncated ON catalog_catalogentry;

""" + _triggers("catalog_change_record", "catalog_change_record_all")  # noqa: S608 - constants

BACKWARD = """
DROP TRIGGER IF EXISTS catalog_entry_truncated ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_deleted ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_updated ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_inserted ON catalog_catalogentry;
DROP FUNCTION IF EXISTS catalog_change_record();
DROP FUNCTION IF EXISTS catalog_change_record_all();
DROP TABLE IF EXISTS catalog_change;
""" + _triggers("catalog_version_bump_if_changed", "catalog_version_bump")


class Migration(migrations.Migration):
    # Reviewed contraction (regions.migration_safety): the version row stops moving.
    contract = True

    dependencies = [("catalog", "0006_search_vocabulary_and_words")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
