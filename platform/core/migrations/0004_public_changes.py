"""The public change feed (core.public_changes): the database records each change of the public
site's collections itself, in the transaction of the change, so no writer (a service, the
catalog's rebuild, the admin, a data migration, a manual UPDATE) can leave a copy kept by an
integrator behind, and an update that changed nothing a reader sees records nothing.

One statement trigger per table and operation calls core_public_change_record() with what to
record: the collection, the row's key (an SQL expression over the changed row `r`), whether a
change of this table is an update of its parent (a catalog entry's document, a rubric year's
band), the columns whose change alone is none (a recompute's time), the columns only a region's
overseers see (an index snapshot's estimate over unverified work) and the region."""

from dataclasses import dataclass

import django.db.models.functions.datetime
from django.db import migrations, models


@dataclass(frozen=True)
class Tracked:
    table: str
    collection: str
    key: str
    # Every change of a row here is an update of the parent row the key names.
    as_update: bool = False
    ignored: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    region: str = ""


REGION_CODE = "(SELECT g.code FROM regions_region g WHERE g.id = r.region_id)"
RUBRIC_YEAR = "(SELECT y.year::text FROM rubric_rubricyear y WHERE y.id = r.rubric_id)"

TRACKED = (
    Tracked(
        "catalog_catalogentry", "catalog", "r.public_id::text",
        ignored=("refreshed_at", "search_vector"),
    ),
    Tracked(
        "catalog_catalogdocument", "catalog",
        "(SELECT e.public_id::text FROM catalog_catalogentry e WHERE e.id = r.entry_id)",
        as_update=True,
    ),
    Tracked(
        "regions_region", "regions", "r.code",
        # Not shown by the API's regions.
        ignored=(
            "schema_name", "activated_at", "deactivated_at", "is_autonomous",
            "require_admin_second_factor",
        ),
    ),
    Tracked(
        "rankings_indexsnapshot", "rankings/snapshots", f"{REGION_CODE} || ':' || r.year",
        ignored=("computed_at",),
        # api.rankings.serializers.SnapshotSerializer.PRIVATE_FIELDS and what no one is shown.
        private=(
            "index", "predicate_code", "predicate_label", "spd_score", "sid_score",
            "count_score", "innovations", "innovations_counted", "innovating_opds", "by_stage",
            "by_status", "evidence_completeness",
        ),
        region="r.region_id",
    ),
    Tracked(
        "rankings_officialresult", "official-results", f"{REGION_CODE} || ':' || r.year",
        ignored=("imported_at", "imported_by_id"),
        region="r.region_id",
    ),
    Tracked("rubric_rubricyear", "rubric/years", "r.year::text", ignored=("created_at",)),
    Tracked("rubric_predicateband", "rubric/years", RUBRIC_YEAR, as_update=True),
    Tracked("rubric_indicator", "rubric/years", RUBRIC_YEAR, as_update=True),
    Tracked(
        "rubric_indicatoroption", "rubric/years",
        "(SELECT y.year::text FROM rubric_indicator i"
        " JOIN rubric_rubricyear y ON y.id = i.rubric_id WHERE i.id = r.indicator_id)",
        as_update=True,
    ),
)

FUNCTION = """
CREATE FUNCTION core_public_change_record() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
-- TG_ARGV: 0 the collection; 1 the row's key, an SQL expression over the changed row r (NULL:
-- nothing to record, e.g. a document whose entry went in the same statement); 2 'updated' when
-- every change here is an update of the parent the key names, else ''; 3 the columns whose
-- change alone is none; 4 the columns only the region's overseers see; 5 the region, an SQL
-- expression over r, or ''.
DECLARE
    operation text := CASE
        WHEN TG_ARGV[2] <> '' THEN TG_ARGV[2]
        WHEN TG_OP = 'INSERT' THEN 'created'
        WHEN TG_OP = 'UPDATE' THEN 'updated'
        ELSE 'deleted' END;
    changed_rows text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed_rows := 'SELECT r.*, (to_jsonb(r) - $3 - $4) IS DISTINCT FROM (to_jsonb(o) - $3 - $4)'
            ' AS is_public FROM new_rows r JOIN old_rows o ON o.id = r.id'
            ' WHERE (to_jsonb(r) - $3) IS DISTINCT FROM (to_jsonb(o) - $3)';
    ELSIF TG_OP = 'INSERT' THEN
        changed_rows := 'SELECT r.*, true AS is_public FROM new_rows r';
    ELSE
        changed_rows := 'SELECT r.*, true AS is_public FROM old_rows r';
    END IF;
    EXECUTE format(
        'INSERT INTO core_publicchange (collection, key, operation, region_id, is_public)'
        ' SELECT $1, key, $2, min(region_id), bool_or(is_public)'
        ' FROM (SELECT (%s)::text AS key, (%s)::bigint AS region_id, r.is_public FROM (%s) r) c'
        ' WHERE key IS NOT NULL GROUP BY key',
        TG_ARGV[1], coalesce(nullif(TG_ARGV[5], ''), 'NULL'), changed_rows)
    USING TG_ARGV[0], operation, TG_ARGV[3]::text[], TG_ARGV[4]::text[];
    RETURN NULL;
END $$;
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _triggers(tracked: Tracked) -> str:
    arguments = ", ".join(
        _literal(argument)
        for argument in (
            tracked.collection,
            tracked.key,
            "updated" if tracked.as_update else "",
            "{" + ",".join(tracked.ignored) + "}",
            "{" + ",".join(tracked.private) + "}",
            tracked.region,
        )
    )
    transitions = {
        "insert": "NEW TABLE AS new_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
    }
    return "".join(
        f"CREATE TRIGGER {tracked.table}_public_change_{operation}"
        f" AFTER {operation.upper()} ON {tracked.table} REFERENCING {transition}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION core_public_change_record({arguments});\n"
        for operation, transition in transitions.items()
    )


FORWARD = FUNCTION + "".join(_triggers(tracked) for tracked in TRACKED)
BACKWARD = (
    "".join(
        f"DROP TRIGGER IF EXISTS {tracked.table}_public_change_{operation} ON {tracked.table};\n"
        for tracked in TRACKED
        for operation in ("insert", "update", "delete")
    )
    + "DROP FUNCTION IF EXISTS core_public_change_record();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_idempotent_requests"),
        ("catalog", "0007_catalog_change_log"),
        ("regions", "0005_admin_second_factor"),
        ("rankings", "0006_innovating_opds"),
        ("rubric", "0004_reload_rubric_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_default=django.db.models.functions.datetime.Now())),
                ("collection", models.CharField(max_length=40)),
                ("key", models.CharField(max_length=100)),
                ("operation", models.CharField(max_length=10)),
                ("region_id", models.BigIntegerField(blank=True, null=True)),
                ("is_public", models.BooleanField(default=True)),
            ],
            options={
                "indexes": [models.Index(fields=["at", "id"], name="public_change_position")],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
