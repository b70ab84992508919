"""Version numbers of the public data that public pages show, changed by the database itself.

Cached public pages and API answers (core.public_cache) are keyed by the version of every table
they show, so a change reaches visitors at once instead of after the copy expires. Triggers bump
a table's number for every statement that inserts, updates or deletes at least one row (and on
TRUNCATE), in the same transaction as the change: no code path (a service, the admin, the demo
seed, a bulk import, a manual UPDATE) can leave a stale page behind, and a reader never sees the
new number before the new rows.

Writers must not queue behind each other on one row (issue #19: the catalog's single version
row made concurrent writers wait for each other's commit). So each table has 16 slots, a
transaction writes the slot of its backend (pg_backend_pid() % 16) and the version is the sum of
the slots: two writers wait for each other only when their backends share a slot. Every value
comes from one sequence, so each committed bump raises the sum, whatever order transactions
commit in, and a rolled-back change leaves nothing behind."""

from django.db import migrations

# Public tables whose rows public pages show (core.public_cache.PublicData groups name them by
# model; tests/core/test_public_cache.py checks every table a group names has its triggers).
TABLES = (
    "regions_region",
    "rankings_indexsnapshot",
    "rankings_officialresult",
    "rubric_rubricyear",
    "rubric_predicateband",
    "catalog_catalogdocument",
    "replication_requests_replicationrequest",
)

FUNCTIONS = """
CREATE SEQUENCE core_public_data_version_seq;
-- A primary key's columns never hold nulls; n is always written by the triggers.
CREATE TABLE core_public_data_version (
    source text,
    slot smallint,
    n bigint,
    PRIMARY KEY (source, slot)
);

CREATE FUNCTION core_public_data_version_bump() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO core_public_data_version (source, slot, n)
    VALUES (TG_TABLE_NAME, pg_backend_pid() % 16, nextval('core_public_data_version_seq'))
    ON CONFLICT (source, slot) DO UPDATE SET n = EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION core_public_data_version_bump_if_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        INSERT INTO core_public_data_version (source, slot, n)
        VALUES (TG_TABLE_NAME, pg_backend_pid() % 16, nextval('core_public_data_version_seq'))
        ON CONFLICT (source, slot) DO UPDATE SET n = EXCLUDED.n;
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER {table}_pdv_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core_public_data_version_bump_if_changed();
CREATE TRIGGER {table}_pdv_updated AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core_public_data_version_bump_if_changed();
CREATE TRIGGER {table}_pdv_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core_public_data_version_bump_if_changed();
CREATE TRIGGER {table}_pdv_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION core_public_data_version_bump();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS {table}_pdv_truncated ON {table};
DROP TRIGGER IF EXISTS {table}_pdv_deleted ON {table};
DROP TRIGGER IF EXISTS {table}_pdv_updated ON {table};
DROP TRIGGER IF EXISTS {table}_pdv_inserted ON {table};
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS core_public_data_version_bump_if_changed();
DROP FUNCTION IF EXISTS core_public_data_version_bump();
DROP TABLE IF EXISTS core_public_data_version;
DROP SEQUENCE IF EXISTS core_public_data_version_seq;
"""

FORWARD = FUNCTIONS + "".join(TRIGGERS.format(table=table) for table in TABLES)
BACKWARD = "".join(DROP_TRIGGERS.format(table=table) for table in TABLES) + DROP_FUNCTIONS


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("regions", "0005_admin_second_factor"),
        ("rankings", "0006_innovating_opds"),
        ("rubric", "0004_reload_rubric_data"),
        ("catalog", "0006_search_vocabulary_and_words"),
        ("replication_requests", "0004_english_codes"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
