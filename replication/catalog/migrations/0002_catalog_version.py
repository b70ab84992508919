"""A version number of the catalog, changed by the database itself whenever entries change.

Search keeps the facet columns of every entry in memory (replication.catalog.facet_index) and
reloads them when this number moves. Triggers bump it for every statement that inserts, updates
or deletes at least one entry, in the same transaction, so no code path (the live refresh, the
rebuild, the admin, a manual UPDATE) can leave a stale snapshot behind. The value comes from a
sequence, so a rolled-back change never lets a later, different state reuse its number."""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE catalog_version_seq;
CREATE TABLE catalog_version (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    n bigint NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, nextval('catalog_version_seq'));

CREATE FUNCTION catalog_version_bump_if_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        UPDATE catalog_version SET n = nextval('catalog_version_seq') WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION catalog_version_bump() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE catalog_version SET n = nextval('catalog_version_seq') WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER catalog_entry_inserted AFTER INSERT ON catalog_catalogentry
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_if_changed();
CREATE TRIGGER catalog_entry_updated AFTER UPDATE ON catalog_catalogentry
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_if_changed();
CREATE TRIGGER catalog_entry_deleted AFTER DELETE ON catalog_catalogentry
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_if_changed();
CREATE TRIGGER catalog_entry_truncated AFTER TRUNCATE ON catalog_catalogentry
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS catalog_entry_truncated ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_deleted ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_updated ON catalog_catalogentry;
DROP TRIGGER IF EXISTS catalog_entry_inserted ON catalog_catalogentry;
DROP FUNCTION IF EXISTS catalog_version_bump();
DROP FUNCTION IF EXISTS catalog_version_bump_if_changed();
DROP TABLE IF EXISTS catalog_version;
DROP SEQUENCE IF EXISTS catalog_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
