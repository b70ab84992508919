"""Rolling a release's migrations out to every region schema (issue #15): a region whose data
breaks a migration is recorded and left behind while the others go on, is served the upgrade
page (503) instead of an error until it is retried, and the previous release's code keeps
working on the expanded tables.

The "next release" is a migration package for the history app that continues its real
migrations (tests/regions/rollout_probes), selected with MIGRATION_MODULES. Unless a test says
otherwise the roll-out runs on the test's own connection, inside its transaction, so every
schema change is rolled back after it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_tenants.utils import tenant_context

from regions import schema_versions
from regions.models import SchemaState
from regions.rollout import TemplateMigrationFailed, roll_out
from regions.schema_template import TEMPLATE_SCHEMA
from tenants.history.models import Change
from tests.regions.rollout_probes import FAIL_IN

BACKFILL = "history.0004_backfill_origin"


@pytest.fixture
def next_release(settings):
    """Make the code 'need' one of the probe packages' migrations, as a deploy would."""

    def use(kind: str) -> None:
        settings.MIGRATION_MODULES = {"history": f"tests.regions.rollout_probes.{kind}.migrations"}
        settings.ROLLOUT_WORKERS = 1  # on the test's connection: rolled back with the test
        schema_versions.needed_keys.cache_clear()
        schema_versions.forget()

    yield use
    FAIL_IN.clear()
    schema_versions.needed_keys.cache_clear()
    schema_versions.forget()


def columns(schema: str, table: str = "history_change") -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            [schema, table],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def page(personas, client_for, region_a, region_b):
    """page(region, path): what the region's admin gets."""
    admins = {region_a.pk: personas.admin_a, region_b.pk: personas.admin_b}

    def get(region, path: str = "/"):
        return client_for(admins[region.pk], region).get(path)

    return get


def test_a_region_not_yet_migrated_gets_the_upgrade_page_then_its_site_back(
    next_release, page, region_a, region_b
):
    assert page(region_a).status_code == 200
    next_release("expand")  # the new code runs; no schema has its migration yet

    response = page(region_a)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Pembaruan sedang berlangsung" in response.content.decode()
    api = page(region_a, "/api/v1/innovations/")
    assert api.status_code == 503 and api.json()["error"]["code"] == "upgrading"
    assert api["Retry-After"] == "30"
    health = Client(HTTP_HOST="localhost").get("/healthz").json()
    assert health["status"] == "degraded"
    assert health["checks"]["schemas"]["lagging"] >= 2

    report = roll_out([TEMPLATE_SCHEMA, region_a.schema_name], workers=1)
    assert report.migrated == [TEMPLATE_SCHEMA, region_a.schema_name]
    assert "origin" in columns(region_a.schema_name)
    assert page(region_a).status_code == 200
    assert page(region_b).status_code == 503  # not in this roll-out: still behind


def test_a_region_whose_migration_fails_is_recorded_served_the_upgrade_page_and_resumed(
    next_release, page, region_a, region_b, capsys
):
    next_release("backfill")
    FAIL_IN.add(region_b.schema_name)

    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=1)
    out = capsys.readouterr().out
    assert "1 failed" in out and f"{region_b.schema_name}: {BACKFILL}: ValueError" in out

    # The others went on; the failed one stopped at a migration boundary.
    assert page(region_a).status_code == 200
    assert "origin" in columns(region_b.schema_name)  # 0003 applied, 0004 not
    state = SchemaState.objects.get(schema_name=region_b.schema_name)
    assert state.failed_migration == BACKFILL
    assert "unexpected data" in state.error
    assert "history.0003_change_origin" in state.applied and BACKFILL not in state.applied
    assert page(region_b).status_code == 503
    call_command("region_schemas", "status")
    assert f"{region_b.schema_name}: {BACKFILL}" in capsys.readouterr().out

    FAIL_IN.clear()  # the data is fixed
    call_command("region_schemas", "retry")
    out = capsys.readouterr().out
    assert "1 migrated (1 migrations)" in out and "No failed schema." in out
    state.refresh_from_db()
    assert (state.failed_migration, state.error) == ("", "")
    assert page(region_b).status_code == 200


def test_the_backfill_runs_its_code_in_every_region(next_release, region_a, region_b):
    with tenant_context(region_a):
        Change.objects.create(subject="innovation", action="created", actor_name="")
        Change.objects.create(subject="innovation", action="created", actor_name="Sari")
    next_release("backfill")

    report = roll_out(schema_versions.region_schema_names(), workers=1)
    assert not report.failed
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT actor_name, origin FROM "{region_a.schema_name}".history_change '
            "ORDER BY id DESC LIMIT 2"
        )
        assert sorted(cursor.fetchall()) == [("", "system"), ("Sari", "web")]


def test_a_broken_migration_stops_at_the_template_before_any_region(next_release, region_a):
    next_release("backfill")
    FAIL_IN.add(TEMPLATE_SCHEMA)
    with pytest.raises(TemplateMigrationFailed, match="unexpected data"):
        roll_out(schema_versions.region_schema_names(), workers=1)
    assert "origin" not in columns(region_a.schema_name)


def test_the_previous_release_inserts_into_an_expanded_table(next_release, region_a):
    next_release("expand")
    roll_out([TEMPLATE_SCHEMA, region_a.schema_name], workers=1)
    with tenant_context(region_a):
        # Change is the previous release's model: it knows nothing of `origin`.
        change = Change.objects.create(subject="innovation", action="created")
        with connection.cursor() as cursor:
            cursor.execute("SELECT origin FROM history_change WHERE id = %s", [change.pk])
            assert cursor.fetchone() == ("web",)


def test_a_column_with_only_a_python_default_breaks_the_previous_release(next_release, region_a):
    next_release("unsafe")
    roll_out([TEMPLATE_SCHEMA, region_a.schema_name], workers=1)
    with tenant_context(region_a), pytest.raises(IntegrityError), transaction.atomic():
        Change.objects.create(subject="innovation", action="created")


@pytest.mark.django_db(transaction=False)
def test_the_safety_check_flags_what_would_break_the_previous_release(next_release):
    from django.db.migrations.loader import MigrationLoader

    from regions.migration_safety import check_migration

    next_release("unsafe")
    unsafe = check_migration(MigrationLoader(None), ("history", "0003_change_origin"))
    assert [(f.code, f.breaking) for f in unsafe] == [("NOT_NULL", True)]

    next_release("expand")
    loader = MigrationLoader(None)
    expand = check_migration(loader, ("history", "0003_change_origin"))
    assert not [finding for finding in expand if finding.breaking]


@pytest.mark.django_db(transaction=False)
def test_a_longer_varchar_is_safe_for_the_previous_release_and_a_shorter_one_is_not(next_release):
    """Lengthening a varchar only changes the catalog, and every value the old code writes
    fits; shortening it can refuse the old code's values."""
    from django.db.migrations.loader import MigrationLoader

    from regions.migration_safety import check_migration

    next_release("widen")
    longer = check_migration(MigrationLoader(None), ("history", "0003_longer_subject"))
    assert [(f.code, f.breaking) for f in longer] == [("ALTER_COLUMN", False)]

    next_release("narrow")
    shorter = check_migration(MigrationLoader(None), ("history", "0003_shorter_subject"))
    assert [(f.code, f.breaking) for f in shorter] == [("ALTER_COLUMN", True)]


def test_no_unreleased_migration_breaks_the_previous_release(db):
    """The CI gate: every migration not in deploy/released-migrations.txt is expand-only."""
    from regions.migration_safety import unreleased_findings

    breaking = [str(finding) for finding in unreleased_findings() if finding.breaking]
    assert breaking == []


def test_the_pool_of_connections_migrates_and_records_committed_schemas(
    next_release, django_db_blocker
):
    """The roll-out as `migrate_schemas` runs it: several threads, each on its own connection,
    committing schema by schema. Undone at the end (the session's regions are shared)."""
    next_release("backfill")
    with django_db_blocker.unblock():
        names = schema_versions.region_schema_names()
        existing = list(schema_versions.applied_by_schema(names))
        failing = existing[-1]
        FAIL_IN.add(failing)
        try:
            report = roll_out(names, workers=3)
            assert sorted(report.failed) == [failing]
            assert sorted(report.migrated) == sorted(set(existing) - {failing})
            applied = schema_versions.applied_by_schema(existing)
            for name in existing:
                assert (BACKFILL in applied[name]) == (name != failing)
            assert SchemaState.objects.get(schema_name=failing).failed_migration == BACKFILL
        finally:
            with connection.cursor() as cursor:
                for name in existing:
                    cursor.execute(
                        f'ALTER TABLE "{name}".history_change DROP COLUMN IF EXISTS origin'
                    )
                    cursor.execute(
                        f"DELETE FROM \"{name}\".django_migrations WHERE app = 'history' "
                        "AND name IN ('0003_change_origin', '0004_backfill_origin')"
                    )
            SchemaState.objects.filter(schema_name__in=existing).update(
                failed_migration="", error="", failed_at=None
            )
            schema_versions.refresh(existing)


def test_a_region_activated_during_a_roll_out_gets_the_new_schema(next_release, db):
    from regions.activation import _activate_by_id
    from regions.models import Region
    from regions.schema_template import ensure_current_template

    karo = Region.objects.get(slug="karo")
    old_script = ensure_current_template()  # an activation that started before the roll-out
    next_release("expand")
    roll_out([TEMPLATE_SCHEMA], workers=1)  # the template goes first

    _activate_by_id(karo.pk, old_script, None)
    assert "origin" in columns(karo.schema_name)
    applied = schema_versions.applied_by_schema([karo.schema_name])[karo.schema_name]
    assert "history.0003_change_origin" in applied
    assert schema_versions.is_ready(karo.schema_name)
